{#- rpt_channel_leading_indicators: an incomplete window has no rate and no
    progressed count (never read as non-progression); a complete one has a
    rate in [0, 1] with progressed_leads <= leads; a longer window never has
    fewer progressed leads than a shorter one, and a later target stage never
    more than an earlier one; every cohort has all 4 stages x 3 windows; the
    leads add up to int_leads_sourced. Returns one row per broken rule. -#}
with

indicators as (

    select * from {{ ref('rpt_channel_leading_indicators') }}

),

leads as (

    select * from {{ ref('int_leads_sourced') }}

),

stage_order as (

    select
        'mql' as target_stage,
        1 as stage_rank
    union all
    select
        'sal' as target_stage,
        2 as stage_rank
    union all
    select
        'sql' as target_stage,
        3 as stage_rank
    union all
    select
        'opportunity' as target_stage,
        4 as stage_rank

),

indicator_total as (

    select sum(leads) as indicator_leads
    from indicators
    where target_stage = 'mql' and window_days = 30

),

lead_total as (

    select count(*) as lead_count from leads

),

ranked as (

    select
        indicators.*,
        stage_order.stage_rank
    from indicators
    inner join stage_order
        on indicators.target_stage = stage_order.target_stage

),

broken as (

    select 'incomplete window with a rate' as broken_rule
    from indicators
    where
        not is_window_complete
        and (progression_rate is not null or progressed_leads is not null or is_below_norm)

    union all

    select 'complete window without a rate in [0, 1]' as broken_rule
    from indicators
    where
        is_window_complete
        and (
            progression_rate is null or progression_rate < 0 or progression_rate > 1
            or progressed_leads > leads
        )

    union all

    select 'longer window or earlier stage with fewer progressed' as broken_rule
    from ranked as shorter
    inner join ranked as longer
        on
            shorter.lead_channel = longer.lead_channel
            and shorter.cohort_month = longer.cohort_month
            and shorter.window_days <= longer.window_days
            and shorter.stage_rank >= longer.stage_rank
    where longer.progressed_leads < shorter.progressed_leads

    union all

    select 'cohort without all 12 stage x window rows' as broken_rule
    from indicators
    group by lead_channel, cohort_month
    having count(*) <> 12

    union all

    select 'leads do not add up' as broken_rule
    from indicator_total
    cross join lead_total
    where indicator_total.indicator_leads <> lead_total.lead_count

)

select * from broken
