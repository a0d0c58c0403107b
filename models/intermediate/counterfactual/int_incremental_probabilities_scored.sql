{#- The incremental model's counterfactual (SPEC section 5): one row per
    opportunity with a non-empty journey (training and open) x distinct
    channel of its journey. With the penalised coefficients fitted on every
    training opportunity (fit_sample `all`), the log-odds of the journey are
    intercept + the opportunity type's coefficient + the sum of the
    coefficients of the channels it was exposed to; p(J) is its logistic and
    p(J without c) the logistic of the same sum less c's coefficient.
    probability_drop = p(J) - p(J without c), negative when c's coefficient
    is. A type or channel the fit never saw (only in open journeys) has
    coefficient 0. -#}
with

features as (

    select * from {{ ref('int_incremental_features_prepared') }}

),

{{ attribution_incremental_journey_logits('features', 'all') }},

exposures as (

    select
        features.opportunity_id,
        features.channel,
        features.channel_touch_count,
        features.opportunity_type,
        features.is_training,
        features.is_converted,
        features.won_amount,
        coalesce(channel_coefficients.coefficient, 0) as channel_coefficient
    from features
    left join channel_coefficients
        on features.channel = channel_coefficients.channel

),

scored as (

    select
        exposures.opportunity_id,
        exposures.channel,
        exposures.channel_touch_count,
        exposures.is_training,
        exposures.is_converted,
        exposures.won_amount,
        exposures.channel_coefficient,
        journey_logits.journey_logit,
        {{ attribution_sigmoid('journey_logits.journey_logit') }} as journey_probability,
        {{ attribution_sigmoid('journey_logits.journey_logit - exposures.channel_coefficient') }}
            as probability_without_channel
    from exposures
    inner join journey_logits
        on exposures.opportunity_id = journey_logits.opportunity_id

),

final as (

    select
        opportunity_id,
        channel,
        channel_touch_count,
        is_training,
        is_converted,
        won_amount,
        channel_coefficient,
        journey_logit,
        journey_probability,
        probability_without_channel,
        journey_probability - probability_without_channel as probability_drop
    from scored

)

select * from final
