{#- One row per conversion metric x dimension (all, channel, segment,
    opportunity_type) x dimension value: how long conversion takes, with
    open (censored) journeys counted by the Kaplan-Meier estimate
    (int_conversion_survival_curves). A quantile q is the first duration at
    which S(t) <= 1 - q (25th percentile: S <= 0.75; median: S <= 0.5; 75th:
    S <= 0.25), with a tolerance of 1e-9 for the rounding of exp(sum(ln));
    null when S never falls that far ("not reached"). -#}
with

curves as (

    select * from {{ ref('int_conversion_survival_curves') }}

),

final as (

    select
        metric,
        dimension,
        dimension_value,
        cast(sum(event_count + censored_count) as bigint) as subject_count,
        cast(sum(event_count) as bigint) as event_count,
        cast(sum(censored_count) as bigint) as censored_count,
        min(case when survival <= 0.75 + 1e-9 then duration_days end) as p25_days,
        min(case when survival <= 0.5 + 1e-9 then duration_days end) as median_days,
        min(case when survival <= 0.25 + 1e-9 then duration_days end) as p75_days,
        min(survival) as final_survival
    from curves
    group by metric, dimension, dimension_value

)

select * from final
