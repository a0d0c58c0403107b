{#- The logistic function 1 / (1 + exp(-x)) of a log-odds expression, as a
    double. The argument is clamped to [-700, 700] first so exp() never
    overflows a double on any engine (the result is then 0 or 1 to double
    precision anyway). -#}
{% macro attribution_sigmoid(logit) -%}
    (cast(1 as {{ attribution_type_double() }}) / (1 + exp(-greatest(least({{ logit }}, 700), -700))))
{%- endmacro %}
