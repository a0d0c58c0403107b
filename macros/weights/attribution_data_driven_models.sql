{#- The data-driven attribution models this target builds (SPEC section 5):
    markov and shapley everywhere, incremental where attribution_models_built()
    has it. Each credits a journey's channels, and a channel's share is split
    equally over its touches; int_journey_channel_shares has one share column
    per model here. -#}
{% macro attribution_data_driven_models() %}
    {%- set models = [] -%}
    {%- for model_name in attribution_models_built() if model_name in ['markov', 'shapley', 'incremental'] -%}
        {%- do models.append(model_name) -%}
    {%- endfor -%}
    {{ return(models) }}
{% endmacro %}
