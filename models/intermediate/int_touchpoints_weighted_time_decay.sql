{{ config(materialized='view') }}
{#- time_decay (SPEC section 4): weight proportional to 2^(-d / H), d = days
    from the touch to the journey end, H = var attribution_half_life_days.
    Computed from the journey's latest touch instead of its end: the common
    factor cancels in the normalisation, and the latest touch always weighs 1,
    so the sum never underflows. The weight comes from attribution_rule_weight,
    as in int_journey_rule_weights, over the paths left by the path
    transforms (attribution_path_transform_ctes). -#}

with

journeys as (

    select * from {{ ref('int_journey_touchpoints_ordered') }}

),

{{ attribution_path_transform_ctes('journeys', attribution_path_transform_columns()) }},

weighted as (

    select
        'time_decay' as attribution_model,
        opportunity_id,
        touchpoint_id,
        {{ attribution_rule_weight('time_decay') }} as attribution_weight
    from path_transformed

)

select * from weighted
