{#- The SQL and Python engines of markov agree to 1e-9: the same channels
    with the same removal effects and conversion probabilities, and the same
    opportunity x touchpoint rows with the same weights, and the same value
    removal effects and expected values (relative to the full chain's). The SQL engine
    reaches order 1 only, so the test runs when var attribution_markov_order
    is 1. -#}
{{ config(enabled=(attribution_setting('attribution_markov_order') | string == '1' and attribution_python_models_enabled())) }}

with

sql_effects as (

    select * from {{ ref('int_markov_removal_effects') }}

),

python_effects as (

    select * from {{ ref('int_markov_removal_effects_py') }}

),

sql_weights as (

    select * from {{ ref('int_touchpoints_weighted_markov') }}

),

python_weights as (

    select * from {{ ref('int_touchpoints_weighted_markov_py') }}

),

effects_compared as (

    select
        'removal_effect' as compared_value,
        coalesce(sql_effects.channel, python_effects.channel) as channel,
        cast(null as {{ dbt.type_string() }}) as opportunity_id,
        cast(null as {{ dbt.type_string() }}) as touchpoint_id,
        sql_effects.removal_effect as sql_value,
        python_effects.removal_effect as python_value,
        abs(sql_effects.conversion_probability - python_effects.conversion_probability)
        + abs(
            sql_effects.conversion_probability_without_channel
            - python_effects.conversion_probability_without_channel
        ) as probability_difference
    from sql_effects
    full outer join python_effects
        on sql_effects.channel = python_effects.channel

),

value_effects_compared as (

    {#- The value removal effects; expected values compared relative to the full chain's. -#}
    select
        'value_removal_effect' as compared_value,
        coalesce(sql_effects.channel, python_effects.channel) as channel,
        cast(null as {{ dbt.type_string() }}) as opportunity_id,
        cast(null as {{ dbt.type_string() }}) as touchpoint_id,
        sql_effects.value_removal_effect as sql_value,
        python_effects.value_removal_effect as python_value,
        (
            abs(sql_effects.expected_conversion_value - python_effects.expected_conversion_value)
            + abs(
                sql_effects.expected_conversion_value_without_channel
                - python_effects.expected_conversion_value_without_channel
            )
        ) / greatest(abs(sql_effects.expected_conversion_value), 1) as probability_difference
    from sql_effects
    full outer join python_effects
        on sql_effects.channel = python_effects.channel

),

weights_compared as (

    select
        'attribution_weight' as compared_value,
        cast(null as {{ dbt.type_string() }}) as channel,
        coalesce(sql_weights.opportunity_id, python_weights.opportunity_id) as opportunity_id,
        coalesce(sql_weights.touchpoint_id, python_weights.touchpoint_id) as touchpoint_id,
        sql_weights.attribution_weight as sql_value,
        python_weights.attribution_weight as python_value,
        cast(0 as {{ attribution_type_double() }}) as probability_difference
    from sql_weights
    full outer join python_weights
        on
            sql_weights.opportunity_id = python_weights.opportunity_id
            and sql_weights.touchpoint_id = python_weights.touchpoint_id

),

compared as (

    select * from effects_compared
    union all
    select * from value_effects_compared
    union all
    select * from weights_compared

)

select * from compared
where
    sql_value is null
    or python_value is null
    or probability_difference is null
    or abs(sql_value - python_value) > 1e-9
    or probability_difference > 1e-9
