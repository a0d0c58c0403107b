{#- Text to a UTC timestamp without time zone; null when unparseable.
    A value with an explicit offset (`+02:00`, `Z`) is converted to UTC;
    a value without one is taken as UTC already. -#}
{% macro attribution_parse_timestamp(column) -%}
    {{ return(adapter.dispatch('attribution_parse_timestamp', 'attribution')(column)) }}
{%- endmacro %}

{% macro default__attribution_parse_timestamp(column) -%}
    cast({{ column }} as {{ dbt.type_timestamp() }})
{%- endmacro %}

{% macro duckdb__attribution_parse_timestamp(column) -%}
    case
        when regexp_matches(trim({{ column }}), '(Z|z|[+-][0-9]{2}(:?[0-9]{2})?)$')
            and regexp_matches(trim({{ column }}), '[0-9]{2}:[0-9]{2}')
            then cast(timezone('UTC', try_cast(trim({{ column }}) as timestamptz)) as timestamp)
        else try_cast(trim({{ column }}) as timestamp)
    end
{%- endmacro %}

{% macro spark__attribution_parse_timestamp(column) -%}
    to_utc_timestamp(try_to_timestamp(trim({{ column }})), 'UTC')
{%- endmacro %}
