{#- Exact, order-independent sum of money, weights or probabilities, as an
    aggregate or (with `over`, the window's text without parentheses, e.g.
    "partition by opportunity_id") as a window function. Every term is cast
    to decimal(38, 18) and the decimals are added: integer arithmetic, so the
    total is the same bits whatever order the rows arrive in (shuffled input,
    parallel threads, another engine), and exact to 18 decimal places over
    hundreds of millions of rows. A plain or compensated (Kahan) float sum
    gives a different last bit for a different row order. The terms keep 18
    decimal places, so a time-decay weight of 1e-14 keeps its leading digits;
    totals reach 1e20, and a larger one stops the build with an overflow
    error rather than being rounded. Returned as a 64-bit float, or with
    `as_decimal=true` as the decimal itself: a partial sum that a later
    attribution_sum adds up to exactly the total of all its terms (what
    int_attribution_credit_aggregated stores for the marts). -#}
{% macro attribution_sum(expression, over=none, as_decimal=false) -%}
    {{ return(adapter.dispatch('attribution_sum', 'attribution')(expression, over, as_decimal)) }}
{%- endmacro %}

{% macro default__attribution_sum(expression, over=none, as_decimal=false) -%}
    {%- set total -%}
        sum(cast({{ expression }} as decimal(38, 18))){% if over is not none %} over ({{ over }}){% endif %}
    {%- endset -%}
    {%- if as_decimal -%}
        {{ total }}
    {%- else -%}
        cast({{ total }} as {{ attribution_type_double() }})
    {%- endif -%}
{%- endmacro %}
