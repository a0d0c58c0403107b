{#- Held-out scores of the data-driven models used as classifiers, for the
    validation in rpt_data_driven_model_fit. One row per model (incremental,
    markov) x held-out training opportunity (int_training_opportunities_split),
    each model trained on the training part of the split only:
    - incremental: p(J) under the coefficients fitted on the training part
      (int_incremental_coefficients_fitted, fit_sample `training`);
    - markov (order 1): the chain's P((conversion)) / (P((conversion)) +
      P((null))) from the path's last state, i.e. the conversion rate of the
      training paths that end in that channel; a last channel no training path
      ends in scores the overall training conversion rate. -#}
with

split as (

    select * from {{ ref('int_training_opportunities_split') }}

),

features as (

    select * from {{ ref('int_incremental_features_prepared') }}
    where is_holdout

),

steps as (

    select * from {{ ref('int_journey_steps_collapsed') }}
    where step_number = step_count

),

{{ attribution_incremental_journey_logits('features', 'training') }},

last_states as (

    select
        split.opportunity_id,
        split.is_converted,
        split.is_holdout,
        steps.channel as last_channel
    from split
    inner join steps
        on split.opportunity_id = steps.opportunity_id

),

training_rate as (

    select
        {{ attribution_safe_divide('sum(case when is_converted then 1 else 0 end)', 'count(*)') }}
            as conversion_rate
    from last_states
    where not is_holdout

),

state_rates as (

    select
        last_channel,
        {{ attribution_safe_divide('sum(case when is_converted then 1 else 0 end)', 'count(*)') }}
            as conversion_rate
    from last_states
    where not is_holdout
    group by last_channel

),

markov_scores as (

    select
        cast('markov' as {{ dbt.type_string() }}) as attribution_model,
        last_states.opportunity_id,
        last_states.is_converted,
        round(coalesce(state_rates.conversion_rate, training_rate.conversion_rate, 0), 12) as holdout_score
    from last_states
    left join state_rates
        on last_states.last_channel = state_rates.last_channel
    left join training_rate
        on 1 = 1
    where last_states.is_holdout

),

incremental_scores as (

    select
        cast('incremental' as {{ dbt.type_string() }}) as attribution_model,
        split.opportunity_id,
        split.is_converted,
        round({{ attribution_sigmoid('journey_logits.journey_logit') }}, 12) as holdout_score
    from split
    inner join journey_logits
        on split.opportunity_id = journey_logits.opportunity_id

),

final as (

    select
        attribution_model,
        opportunity_id,
        is_converted,
        cast(holdout_score as {{ attribution_type_double() }}) as holdout_score
    from incremental_scores
    union all
    select
        attribution_model,
        opportunity_id,
        is_converted,
        cast(holdout_score as {{ attribution_type_double() }}) as holdout_score
    from markov_scores

)

select * from final
