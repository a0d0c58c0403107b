{#- The incremental model's expected incremental wins and won value per
    channel, counted over the won deals closed in the budget window: one row
    per channel of a won deal's journey closed in the window. The same
    per-deal term as rpt_incremental_channel_attribution, (p(J) - p(J without
    c))^+ / p(J), the probability that the won deal would have been lost
    without the channel; summed over the window's won deals instead of all of
    them, so wins and spend cover the same days. The window is the
    attribution_budget_window_days days up to and including the as-of day;
    without the var (null) every won deal counts. -#}
{%- set window_days = attribution_setting('attribution_budget_window_days') -%}
with

scored as (

    select * from {{ ref('int_incremental_probabilities_scored') }}
    where is_converted

),

opportunities as (

    select * from {{ ref('int_opportunities_prepared') }}

),

as_of as (

    select cast(as_of_at as date) as as_of_date from {{ ref('int_attribution_as_of') }}

),

won_in_window as (

    select
        scored.channel,
        scored.won_amount,
        {{ attribution_safe_divide(
            'case when scored.probability_drop > 0 then scored.probability_drop else 0 end',
            'scored.journey_probability') }} as incremental_win
    from scored
    inner join opportunities
        on scored.opportunity_id = opportunities.opportunity_id
    cross join as_of
    {%- if window_days is not none %}
        where
            cast(opportunities.closed_at as date) <= as_of.as_of_date
            and cast(opportunities.closed_at as date)
            > cast({{ dbt.dateadd('day', -window_days, 'as_of.as_of_date') }} as date)
    {%- endif %}

),

final as (

    select
        channel,
        {{ attribution_sum('coalesce(incremental_win, 0)') }} as expected_incremental_wins,
        {{ attribution_sum('won_amount * coalesce(incremental_win, 0)') }} as expected_incremental_value,
        count(*) as won_deals_with_channel
    from won_in_window
    group by channel

)

select * from final
