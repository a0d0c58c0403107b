{#- A timestamp literal from a validated setting's canonical text
    ('YYYY-MM-DD HH:MM:SS' or 'YYYY-MM-DD', see attribution_setting). Any
    other text is refused, so a var can never inject SQL through it. -#}
{% macro attribution_timestamp_literal(value) -%}
    {%- if modules.re.match('^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}:\d{2})?$', value | string) is none -%}
        {{ exceptions.raise_compiler_error(
            "attribution_timestamp_literal: '" ~ value ~ "' is not a canonical timestamp (validate it with attribution_setting).") }}
    {%- endif -%}
    cast('{{ value }}' as {{ dbt.type_timestamp() }})
{%- endmacro %}
