{#- markov, SQL engine (SPEC section 5): the removal effect of every channel,
    RE(c) = 1 - P(conversion without c) / P(conversion), from the start row of
    the last matrix power, P^(2^30): by then every scenario's transient mass
    is absorbed (test assert_markov_chain_absorbed), so the (conversion)
    entry is the exact absorption probability, to float rounding. A channel
    seen only in open journeys is no state of the chain: its RE is 0. RE is 0
    when nothing converts, and RE below 1e-12 (rounding noise around an exact
    0) is set to 0, so both engines agree on which journeys fall back to
    linear.
    The value removal effect (ChannelAttribution's
    removal_effects_conversion_value) is the same on the expected won value
    of a path, the (conversion value) entry of the start row (see
    int_markov_matrices_prepared): VRE(c) = 1 - V(without c) / V, 0 when no
    won value converts, below 1e-12 set to 0. -#}
{%- do attribution_markov_engine() -%}

with

absorbed as (

    select * from {{ ref('int_markov_matrices_squared_10') }}

),

steps as (

    select * from {{ ref('int_journey_steps_collapsed') }}

),

channels as (

    select distinct channel from steps

),

scenario_conversion as (

    {#- One (conversion) entry per scenario: a sum of it and zeros, exact in any order. -#}
    select
        removed_channel,
        sum(case when to_state = '(conversion)' then transition_probability else 0 end) as conversion_probability,
        sum(case when to_state = '(conversion value)' then transition_probability else 0 end)
            as expected_conversion_value
    from absorbed
    where from_state = '(start)'
    group by removed_channel

),

full_chain as (

    {#- An aggregate without group by: exactly one row, null when no path trains. -#}
    select
        max(case when removed_channel = '(none)' then conversion_probability end) as conversion_probability,
        max(case when removed_channel = '(none)' then expected_conversion_value end) as expected_conversion_value
    from scenario_conversion

),

compared as (

    select
        channels.channel,
        coalesce(full_chain.conversion_probability, 0) as conversion_probability,
        coalesce(
            scenario_conversion.conversion_probability,
            full_chain.conversion_probability,
            0
        ) as conversion_probability_without_channel,
        coalesce(full_chain.expected_conversion_value, 0) as expected_conversion_value,
        coalesce(
            scenario_conversion.expected_conversion_value,
            full_chain.expected_conversion_value,
            0
        ) as expected_conversion_value_without_channel
    from channels
    cross join full_chain
    left join scenario_conversion
        on channels.channel = scenario_conversion.removed_channel

),

removal_effects as (

    select
        channel,
        conversion_probability,
        conversion_probability_without_channel,
        coalesce(
            1 - {{ attribution_safe_divide('conversion_probability_without_channel', 'conversion_probability') }},
            0
        ) as raw_removal_effect,
        expected_conversion_value,
        expected_conversion_value_without_channel,
        coalesce(
            1 - {{ attribution_safe_divide('expected_conversion_value_without_channel', 'expected_conversion_value') }},
            0
        ) as raw_value_removal_effect
    from compared

),

final as (

    select
        cast(channel as {{ dbt.type_string() }}) as channel,
        cast(
            case when raw_removal_effect < 1e-12 then 0 else raw_removal_effect end
            as {{ attribution_type_double() }}
        ) as removal_effect,
        cast(conversion_probability as {{ attribution_type_double() }}) as conversion_probability,
        cast(conversion_probability_without_channel as {{ attribution_type_double() }})
            as conversion_probability_without_channel,
        cast(
            case when raw_value_removal_effect < 1e-12 then 0 else raw_value_removal_effect end
            as {{ attribution_type_double() }}
        ) as value_removal_effect,
        cast(expected_conversion_value as {{ attribution_type_double() }}) as expected_conversion_value,
        cast(expected_conversion_value_without_channel as {{ attribution_type_double() }})
            as expected_conversion_value_without_channel
    from removal_effects

)

select * from final
