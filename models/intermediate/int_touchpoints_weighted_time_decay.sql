{{ config(materialized='view') }}
{#- time_decay (SPEC section 4): weight proportional to 2^(-d / H), d = days
    from the touch to the journey end, H = var attribution_half_life_days.
    Computed from the journey's latest touch instead of its end: the common
    factor cancels in the normalisation, and the latest touch always weighs 1,
    so the sum never underflows. -#}
{%- set half_life_seconds = attribution_setting('attribution_half_life_days') * 86400 -%}

with

journeys as (

    select * from {{ ref('int_journey_touchpoints_ordered') }}

),

decayed as (

    select
        opportunity_id,
        touchpoint_id,
        power(
            cast(2 as {{ attribution_type_double() }}),
            -1 * seconds_before_latest_touch / {{ half_life_seconds }}
        ) as decay
    from journeys

),

weighted as (

    select
        'time_decay' as attribution_model,
        opportunity_id,
        touchpoint_id,
        decay / {{ attribution_sum('decay', over='partition by opportunity_id') }} as attribution_weight
    from decayed

)

select * from weighted
