{#- on-run-start: on a target that does not run the project's dbt Python
    models, say that the incremental model (its fit is one) is skipped, so a
    build without it is never silent about it. Renders no SQL. -#}
{% macro attribution_announce_skipped_models() -%}
    {%- if execute and not attribution_python_models_enabled() -%}
        {{ log(
            "attribution: the incremental model is skipped: this target (" ~ target.type ~ ") does not run "
            ~ "dbt Python models (var attribution_python_models), and its fit is one. The marts carry the "
            ~ "other 15 models; rpt_incremental_channel_attribution, rpt_data_driven_model_fit and "
            ~ "rpt_budget_scenarios are not built.",
            info=True) }}
    {%- endif -%}
{%- endmacro %}
