{#- Whether this target builds the project's dbt Python models (the time_decay,
    markov and shapley fallback engines and the incremental model). They read
    their inputs through DuckDB's relation API, so they are on by default on
    DuckDB only; var attribution_python_models (true/false) overrides. dbt-spark
    runs Python models only on Databricks: on Spark the SQL engines feed the
    marts. dbt_project.yml sets `enabled` with the same expression, written
    once (the YAML anchor python_models), since configs cannot call macros. -#}
{% macro attribution_python_models_enabled() %}
    {{ return(var('attribution_python_models', target.type == 'duckdb') | as_bool) }}
{% endmacro %}
