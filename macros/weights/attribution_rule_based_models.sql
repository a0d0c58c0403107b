{#- The rule-based attribution models (SPEC section 4), in the order of
    attribution_models_built(): those whose weight depends on the journey
    alone. int_journey_rule_weights has one weight column per model here. -#}
{% macro attribution_rule_based_models() %}
    {%- set data_driven = attribution_data_driven_models() -%}
    {%- set models = [] -%}
    {%- for model_name in attribution_models_built() if model_name not in data_driven -%}
        {%- do models.append(model_name) -%}
    {%- endfor -%}
    {{ return(models) }}
{% endmacro %}
