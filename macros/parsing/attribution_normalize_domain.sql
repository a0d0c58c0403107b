{#- A web domain or URL as a bare lowercase domain: scheme, `www.` and path stripped. -#}
{% macro attribution_normalize_domain(column) -%}
    nullif(
        regexp_replace(
            regexp_replace(lower(trim({{ column }})), '^([a-z]+://)?(www[.])?', ''),
            '[/:?#].*$', ''
        ),
        ''
    )
{%- endmacro %}


{#- The domain of an email address (lowercased, `www.` stripped); null when it has no `@`. -#}
{% macro attribution_email_domain(column) -%}
    case
        when {{ column }} like '%_@_%'
            then {{ attribution_normalize_domain("regexp_replace(" ~ column ~ ", '^.*@', '')") }}
    end
{%- endmacro %}
