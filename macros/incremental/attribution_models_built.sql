{#- The attribution models this target builds, in the order of SPEC section 4:
    the thirteen rule-based models, markov and shapley everywhere, and
    incremental where the project's dbt Python models run (its fit is one, see
    attribution_python_models_enabled). int_touchpoints_weighted unions
    exactly these, and the accepted_values tests of attribution_model read the
    same list. -#}
{% macro attribution_models_built() %}
    {%- set models = ['first_touch', 'lead_creation', 'opportunity_creation', 'last_touch', 'last_non_direct',
        'linear', 'position_based', 'j_shaped', 'inverse_j', 'u_shaped', 'w_shaped', 'full_path', 'time_decay',
        'markov', 'shapley'] -%}
    {%- if attribution_python_models_enabled() -%}
        {%- do models.append('incremental') -%}
    {%- endif -%}
    {{ return(models) }}
{% endmacro %}
