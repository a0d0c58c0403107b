{#- Position-family weight (position_based, j_shaped, inverse_j): the first
    touch gets `first_share`, the last `last_share`, the touches between split
    the rest equally. One touch gets 1; two touches share 1 in the ratio
    first_share : last_share. Shares are numbers known at compile time. -#}
{% macro attribution_position_weight(position, touch_count, first_share, last_share) -%}
    {#- Shares are rounded to 12 decimals so that float noise from the arithmetic
        here (1 - 0.8 = 0.19999999999999996) does not reach the SQL. -#}
    {%- set ends = (first_share + last_share) | round(12) -%}
    {%- if ends > 1 or first_share < 0 or last_share < 0 -%}
        {#- Shares from the vars: the project's message listing every bad setting. -#}
        {%- do attribution_check_setting_rules() -%}
        {{ exceptions.raise_compiler_error(
            "Position shares must be >= 0 and sum to at most 1, got " ~ first_share ~ " and " ~ last_share) }}
    {%- endif -%}
    {%- set two_first = ((first_share / ends) | round(12)) if ends > 0 else 0.5 -%}
    {%- set two_last = ((last_share / ends) | round(12)) if ends > 0 else 0.5 -%}
    {%- set double = attribution_type_double() -%}
    case
        when {{ touch_count }} = 1 then cast(1 as {{ double }})
        when {{ touch_count }} = 2 and {{ position }} = 1 then cast({{ two_first }} as {{ double }})
        when {{ touch_count }} = 2 then cast({{ two_last }} as {{ double }})
        when {{ position }} = 1 then cast({{ first_share }} as {{ double }})
        when {{ position }} = {{ touch_count }} then cast({{ last_share }} as {{ double }})
        else cast({{ (1 - ends) | round(12) }} as {{ double }}) / ({{ touch_count }} - 2)
    end
{%- endmacro %}
