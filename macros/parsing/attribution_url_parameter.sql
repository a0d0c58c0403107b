{#- The value of query parameter `name` (lowercase, e.g. utm_source) in the
    URL text `url`: `https://x.com/p?utm_source=google&utm_medium=cpc#top`
    gives `google` for utm_source. Null when the URL has no such parameter
    or its value is empty. `+` and `%20` read as spaces (form encoding);
    other percent escapes stay as written. Portable: dbt's split_part and
    position only. -#}
{% macro attribution_url_parameter(url, name) -%}
    {%- set query = dbt.concat(["'&'", dbt.split_part(dbt.split_part(url, "'#'", 1), "'?'", 2)]) -%}
    {%- set marker = "'&" ~ name ~ "='" -%}
    case
        when {{ dbt.position(marker, query) }} > 0
            then nullif(replace(replace(
                {{ dbt.split_part(dbt.split_part(query, marker, 2), "'&'", 1) }},
                '+', ' '), '%20', ' '), '')
    end
{%- endmacro %}
