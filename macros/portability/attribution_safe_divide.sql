{#- numerator / denominator, null when the denominator is 0 or null. -#}
{% macro attribution_safe_divide(numerator, denominator) -%}
    (cast({{ numerator }} as {{ attribution_type_double() }}) / nullif({{ denominator }}, 0))
{%- endmacro %}
