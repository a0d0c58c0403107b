{#- Text to a UTC timestamp without time zone; null when unparseable.

    ISO 8601 (`2024-08-16`, `2024-08-16 09:32:00`, `2024-08-16T09:32:00Z`)
    is always read. A value with an explicit offset (`+02:00`, `Z`) is
    converted to UTC; a value without one is taken as UTC already.

    Dates written with slashes, dots or dashes and the year last
    (`8/16/2024 9:32 AM`, `16.08.2024 09:32`) are read in the order var
    attribution_date_order gives (`mdy` or `dmy`); with the default `ymd`
    they are not read at all (the row is rejected as unparseable, never
    guessed), since 03/04/2024 is a different day in the two orders. A year
    first (`2024/08/16`) is always year, month, day. A time may follow, with
    or without seconds, in 24-hour or 12-hour form (`AM`/`PM`). Two-digit
    years, a 13th month or a 31st of April are unparseable. -#}
{% macro attribution_parse_timestamp(column) -%}
    {%- set iso = adapter.dispatch('attribution_parse_timestamp', 'attribution')(column) -%}
    case
        when {{ iso }} is not null then {{ iso }}
        else {{ adapter.dispatch('attribution_parse_timestamp', 'attribution')(attribution_timestamp_text(column)) }}
    end
{%- endmacro %}

{#- Canonical `YYYY-MM-DD HH:MM:SS[.fraction]` text of a dotted, slashed or
    12-hour value, by var attribution_date_order; null when it is not one. -#}
{% macro attribution_timestamp_text(column) -%}
    {%- set order = attribution_setting('attribution_date_order') -%}
    {%- set value = 'trim(' ~ column ~ ')' -%}
    {%- set pattern = '^([0-9]{1,4})[-/.]([0-9]{1,2})[-/.]([0-9]{1,4})'
        ~ '(?:[ T]+([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}(?:[.][0-9]{1,6})?))? *([AaPp][Mm])?)?$' -%}
    {%- set part = {} -%}
    {%- for name, group in [('first', 1), ('second', 2), ('third', 3), ('hour', 4), ('minute', 5),
        ('second_of_minute', 6), ('meridiem', 7)] -%}
        {%- do part.update({name: "regexp_extract(" ~ value ~ ", '" ~ pattern ~ "', " ~ group ~ ")"}) -%}
    {%- endfor -%}
    {%- if order == 'mdy' -%}
        {%- set month, day = part['first'], part['second'] -%}
    {%- else -%}
        {%- set month, day = part['second'], part['first'] -%}
    {%- endif -%}
    {%- set hour = "cast(nullif(" ~ part['hour'] ~ ", '') as integer)" -%}
    {%- set meridiem = "upper(" ~ part['meridiem'] ~ ")" -%}
    {%- set hour_24 -%}
        case
            when {{ meridiem }} = '' then {{ hour }}
            when {{ hour }} not between 1 and 12 then null
            when {{ meridiem }} = 'AM' then {{ hour }} % 12
            else {{ hour }} % 12 + 12
        end
    {%- endset -%}
    {%- set time_text = dbt.concat([
        "lpad(cast(coalesce(" ~ hour_24 ~ ", 0) as " ~ dbt.type_string() ~ "), 2, '0')", "':'",
        "coalesce(nullif(" ~ part['minute'] ~ ", ''), '00')", "':'",
        "coalesce(nullif(" ~ part['second_of_minute'] ~ ", ''), '00')"]) -%}
    case
        when not {{ attribution_regex_matches(value, pattern) }} then null
        -- a 12-hour clock needs an hour from 1 to 12
        when {{ meridiem }} <> '' and {{ hour_24 }} is null then null
        -- the year first: always year, month, day
        when length({{ part['first'] }}) = 4 and length({{ part['third'] }}) <= 2 then {{ dbt.concat([
            part['first'], "'-'", "lpad(" ~ part['second'] ~ ", 2, '0')", "'-'",
            "lpad(" ~ part['third'] ~ ", 2, '0')", "' '", time_text]) }}
        {%- if order in ('mdy', 'dmy') %}
        -- the year last, in the configured order
        when length({{ part['third'] }}) = 4 and length({{ part['first'] }}) <= 2 then {{ dbt.concat([
            part['third'], "'-'", "lpad(" ~ month ~ ", 2, '0')", "'-'",
            "lpad(" ~ day ~ ", 2, '0')", "' '", time_text]) }}
        {%- endif %}
    end
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


{#- True when a parsed timestamp lies outside the plausible window
    [var attribution_min_valid_date, build start + var
    attribution_max_future_days]: a year 2999 or 1900 is a typing error or a
    placeholder, and would otherwise move the default as-of (every open
    journey would run to it). Null for a null timestamp. -#}
{% macro attribution_is_implausible_timestamp(column) -%}
    {%- set latest = run_started_at + modules.datetime.timedelta(
        days=attribution_setting('attribution_max_future_days')) -%}
    (
        {{ column }} < {{ attribution_timestamp_literal(attribution_setting('attribution_min_valid_date')) }}
        or {{ column }} > {{ attribution_timestamp_literal(latest.strftime('%Y-%m-%d %H:%M:%S')) }}
    )
{%- endmacro %}
