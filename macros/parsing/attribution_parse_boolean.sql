{#- Text to boolean: true/t/1/yes/y and false/f/0/no/n (any case); else null. -#}
{% macro attribution_parse_boolean(column) -%}
    case
        when lower(trim({{ column }})) in ('true', 't', '1', 'yes', 'y') then true
        when lower(trim({{ column }})) in ('false', 'f', '0', 'no', 'n') then false
    end
{%- endmacro %}
