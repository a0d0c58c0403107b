{#- Kaplan-Meier curves of the conversion metrics: one row per metric x
    dimension (all, channel, segment, opportunity_type) x dimension value x
    distinct duration (whole days). At each duration t: n = subjects still
    at risk (duration >= t, by a reverse running sum), d = events at t,
    c = censored at t, and S(t) = product over event times u <= t of
    (1 - d_u / n_u), computed as exp(sum(ln(1 - d/n))) over the running
    window; S is 0 from the first time every subject at risk has its event
    (the logarithm of 0 is not taken). S is rounded to 12 decimals, so engines
    that differ in the last bits of ln and exp give the same curve. -#}
with

durations as (

    select * from {{ ref('int_conversion_durations_observed') }}

),

by_dimension as (

    select
        metric,
        'all' as dimension,
        'all' as dimension_value,
        duration_days,
        is_event
    from durations

    union all

    select
        metric,
        'channel' as dimension,
        channel as dimension_value,
        duration_days,
        is_event
    from durations

    union all

    select
        metric,
        'segment' as dimension,
        segment as dimension_value,
        duration_days,
        is_event
    from durations

    union all

    select
        metric,
        'opportunity_type' as dimension,
        opportunity_type as dimension_value,
        duration_days,
        is_event
    from durations
    where opportunity_type is not null

),

counted as (

    select
        metric,
        dimension,
        dimension_value,
        duration_days,
        sum(case when is_event then 1 else 0 end) as event_count,
        sum(case when is_event then 0 else 1 end) as censored_count
    from by_dimension
    group by metric, dimension, dimension_value, duration_days

),

at_risk as (

    select
        metric,
        dimension,
        dimension_value,
        duration_days,
        event_count,
        censored_count,
        sum(event_count + censored_count) over (
            partition by metric, dimension, dimension_value
            order by duration_days desc
            rows between unbounded preceding and current row
        ) as at_risk_count
    from counted

),

factors as (

    select
        metric,
        dimension,
        dimension_value,
        duration_days,
        event_count,
        censored_count,
        at_risk_count,
        case
            when event_count > 0 and event_count < at_risk_count
                then ln(1.0 - cast(event_count as {{ attribution_type_double() }}) / at_risk_count)
            else 0.0
        end as log_factor,
        case when event_count > 0 and event_count = at_risk_count then 1 else 0 end as is_exhausted
    from at_risk

),

curves as (

    select
        metric,
        dimension,
        dimension_value,
        duration_days,
        at_risk_count,
        event_count,
        censored_count,
        sum(log_factor) over (
            partition by metric, dimension, dimension_value
            order by duration_days asc
            rows between unbounded preceding and current row
        ) as log_survival,
        sum(is_exhausted) over (
            partition by metric, dimension, dimension_value
            order by duration_days asc
            rows between unbounded preceding and current row
        ) as exhausted_count
    from factors

),

final as (

    select
        metric,
        dimension,
        dimension_value,
        duration_days,
        at_risk_count,
        event_count,
        censored_count,
        case when exhausted_count > 0 then 0.0 else round(exp(log_survival), 12) end as survival
    from curves

)

select * from final
