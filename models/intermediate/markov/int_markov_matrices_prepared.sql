{#- markov, SQL engine: the one-step transition matrix P of every removal
    scenario, the input of the matrix powers. Scenario `(none)` is the full
    chain; scenario c removes channel c: every transition into c goes to
    (null) instead, and c's own row is dropped (c is never reached). The
    absorbing states (conversion) and (null) keep their mass (P = 1 on the
    diagonal), so P^m holds the probability of being absorbed within m steps
    and P^(2^30) the absorption probabilities. -#}
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

),

redirected as (

    select
        scenarios.removed_channel,
        transitions.from_state,
        transitions.transition_count,
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
        sum(transition_count) as transition_count
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
    select * from absorbing_rows

)

select * from final
