{#- Money and rates from text, as real exports write them.

    Accepted: an optional sign, digits, an optional fraction after the
    decimal mark, an optional exponent, and thousands grouped by the other
    mark: with var attribution_decimal_separator '.' (default) `39,000.00`,
    `39000.5`, `-12`, `1.5e3`; with ',' `39.000,00`, `39000,5`. Anything else
    (currency signs, text, two decimal marks, groups not of three digits) is
    not a number: the row is rejected as unparseable_<column>.

    A number whose absolute value is above var attribution_max_amount (at
    most 1e15), or that is not finite (`NaN`, `inf`, `1e400`), is rejected as
    <name>_out_of_range instead: it would turn every model's revenue into NaN
    or infinity. Within that range a double holds every amount to far better
    than a cent (about 16 significant digits), so the value is the text's
    value, not an approximation that loses digits. -#}

{#- The text with grouping removed and '.' as the decimal mark; null when it
    is not a number in the accepted formats. -#}
{% macro attribution_amount_text(column) -%}
    {%- set cleaned = attribution_clean_text(column) -%}
    {%- if attribution_setting('attribution_decimal_separator') == ',' -%}
        case
            when {{ attribution_regex_matches(cleaned, '^[+-]?([0-9]+|[0-9]{1,3}([.][0-9]{3})+)(,[0-9]+)?([eE][+-]?[0-9]+)?$') }}
                then replace(replace({{ cleaned }}, '.', ''), ',', '.')
        end
    {%- else -%}
        case
            when {{ attribution_regex_matches(cleaned, '^[+-]?([0-9]+|[0-9]{1,3}(,[0-9]{3})+)([.][0-9]+)?([eE][+-]?[0-9]+)?$') }}
                then replace({{ cleaned }}, ',', '')
        end
    {%- endif -%}
{%- endmacro %}

{#- The amount as a double; null when missing, not a number or out of range. -#}
{% macro attribution_parse_amount(column) -%}
    {%- set value = attribution_try_cast(attribution_amount_text(column), attribution_type_double()) -%}
    case
        when abs({{ value }}) <= {{ attribution_setting('attribution_max_amount') }} then {{ value }}
    end
{%- endmacro %}

{#- True when the text is a number (or NaN / infinity) outside the accepted
    range; false when it is in range, missing, or not a number at all. -#}
{% macro attribution_amount_out_of_range(column) -%}
    {%- set text = attribution_amount_text(column) -%}
    coalesce(
        lower({{ attribution_clean_text(column) }}) in (
            'nan', '+nan', '-nan', 'inf', '+inf', '-inf', 'infinity', '+infinity', '-infinity'
        )
        or (
            {{ text }} is not null
            and not coalesce(
                abs({{ attribution_try_cast(text, attribution_type_double()) }})
                <= {{ attribution_setting('attribution_max_amount') }},
                false
            )
        ),
        false
    )
{%- endmacro %}
