{#- A data-driven credit clipped at 0 (shapley values, incremental probability
    drops; SPEC section 5): values within 1e-12 of zero count as zero, so
    floating-point noise in an exact zero cannot turn a linear journey into a
    one-channel one (the Python engines use the same tolerance). -#}
{% macro attribution_clipped_credit(value) -%}
    case
        when {{ value }} > 1e-12 then {{ value }}
        else 0
    end
{%- endmacro %}
