{#- The markov engine that feeds the marts (var attribution_markov_engine),
    checked against the chain order (var attribution_markov_order): the
    engine must be 'sql' or 'python', the order a whole number >= 1, and the
    SQL engine reaches order 1 only. Any other combination is a compile
    error. Returns the engine name. -#}
{% macro attribution_markov_engine() -%}
    {%- set engine = var('attribution_markov_engine') -%}
    {%- set order = var('attribution_markov_order') -%}
    {%- if engine not in ('sql', 'python') -%}
        {{ exceptions.raise_compiler_error(
            "var attribution_markov_engine must be 'sql' or 'python', got '" ~ engine ~ "'") }}
    {%- endif -%}
    {%- if (order | string) != (order | int | string) or order | int < 1 -%}
        {{ exceptions.raise_compiler_error(
            "var attribution_markov_order must be a whole number >= 1, got '" ~ order ~ "'") }}
    {%- endif -%}
    {%- if engine == 'sql' and order | int > 1 -%}
        {{ exceptions.raise_compiler_error(
            "var attribution_markov_order is " ~ order ~ ": the SQL markov engine computes order 1 only;"
            ~ " higher orders need attribution_markov_engine: python") }}
    {%- endif -%}
    {{ return(engine) }}
{%- endmacro %}
