{#- markov, SQL engine: the one-step transition matrix P of every removal
    scenario, the input of the matrix powers. Scenario `(none)` is the full
    chain; scenario c removes channel c: every transition into c goes to
    (null) instead, and c's own row is dropped (c is never reached). The
    absorbing states (conversion) and (null) keep their mass (P = 1 on the
    diagonal), so P^m holds the probability of being absorbed within m steps
    and P^(2^30) the absorption probabilities.
    A third absorbing state, (conversion value), carries the value of the
    conversions (ChannelAttribution's removal_effects_conversion_value): from
    each channel c an entry won value of the conversions from c / transitions
    out of c, i.e. P(c -> conversion) times the mean won value of the paths
    converting from c. It is only ever entered (never left but by its own
    loop of 1), so the transient dynamics are unchanged, and the (start) row
    of P^(2^30) holds at (conversion value) the expected won value of a path
    started in the chain (each converting walk rewarded with the mean value of
    the paths converting from its last channel). The rows then sum to 1 plus
    that entry. -#}
{%- do attribution_markov_engine() -%}

with

transitions as (

    select * from {{ ref('int_markov_transitions_counted') }}

),

scenarios as (

    select cast('(none)' as {{ dbt.type_string() }}) as removed_channel
    union all
    select distinct to_state as removed_channel
    from transitions
    where to_state not in ('(conversion)', '(null)')

),

absorbing_states as (

    select cast('(conversion)' as {{ dbt.type_string() }}) as state_name
    union all
    select cast('(null)' as {{ dbt.type_string() }}) as state_name
    union all
    select cast('(conversion value)' as {{ dbt.type_string() }}) as state_name

),

redirected as (

    select
        scenarios.removed_channel,
        transitions.from_state,
        transitions.transition_count,
        transitions.transition_value,
        case
            when transitions.to_state = scenarios.removed_channel then '(null)'
            else transitions.to_state
        end as to_state
    from scenarios
    cross join transitions
    where transitions.from_state <> scenarios.removed_channel

),

counted as (

    select
        removed_channel,
        from_state,
        to_state,
        sum(transition_count) as transition_count,
        {{ attribution_sum('transition_value') }} as transition_value
    from redirected
    group by removed_channel, from_state, to_state

),

transient_rows as (

    select
        removed_channel,
        from_state,
        to_state,
        0 as log2_steps,
        {{ attribution_safe_divide(
            'transition_count',
            'sum(transition_count) over (partition by removed_channel, from_state)') }}
            as transition_probability
    from counted

),

value_rows as (

    {#- The reward of converting from from_state: its conversions' won value over its transitions out. -#}
    select
        removed_channel,
        from_state,
        cast('(conversion value)' as {{ dbt.type_string() }}) as to_state,
        0 as log2_steps,
        {{ attribution_safe_divide('transition_value', 'out_count') }} as transition_probability
    from (
        select
            *,
            sum(transition_count) over (partition by removed_channel, from_state) as out_count
        from counted
    ) as with_out_counts
    where to_state = '(conversion)'

),

absorbing_rows as (

    select
        scenarios.removed_channel,
        absorbing_states.state_name as from_state,
        absorbing_states.state_name as to_state,
        0 as log2_steps,
        cast(1 as {{ attribution_type_double() }}) as transition_probability
    from scenarios
    cross join absorbing_states

),

final as (

    select * from transient_rows
    union all
    select * from value_rows
    union all
    select * from absorbing_rows

)

select * from final
