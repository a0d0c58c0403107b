{#- Does `value` match a channel-rules pattern? An empty pattern matches
    anything (null included); `(none)` matches only a missing value; any
    other pattern is a case-insensitive SQL LIKE (`%` any run, `_` one char). -#}
{% macro attribution_rule_matches(value, pattern) -%}
    (
        {{ pattern }} is null
        or ({{ pattern }} = '(none)' and {{ value }} is null)
        or ({{ pattern }} <> '(none)' and lower({{ value }}) like lower({{ pattern }}))
    )
{%- endmacro %}
