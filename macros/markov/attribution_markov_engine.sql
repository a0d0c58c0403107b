{#- The markov engine that feeds the marts (var attribution_markov_engine),
    after the settings' cross-checks (attribution_check_setting_rules: the
    SQL engine computes order 1 only; the Python engine needs a target that
    builds the project's Python models). Returns the engine name. -#}
{% macro attribution_markov_engine() -%}
    {%- do attribution_check_setting_rules() -%}
    {{ return(attribution_setting('attribution_markov_engine')) }}
{%- endmacro %}
