{#- markov, SQL engine (SPEC section 5): the transitions of the training
    paths, counted. Each closed opportunity's path contributes (start) -> c1,
    c1 -> c2, ..., cn -> (conversion) when won, else cn -> (null). Steps are
    already collapsed (no c -> c). Order 1: a state is one channel.
    transition_value: the won value carried by the transitions, the sum of
    won_amount over the won paths on a cn -> (conversion) transition, 0 on
    every other transition (the value removal effects,
    int_markov_removal_effects). -#}
{%- do attribution_markov_engine() -%}

with

steps as (

    select * from {{ ref('int_journey_steps_collapsed') }}
    where is_training

),

channel_transitions as (

    select
        case
            when step_number = 1 then '(start)'
            else lag(channel) over (partition by opportunity_id order by step_number)
        end as from_state,
        channel as to_state,
        cast(0 as {{ attribution_type_double() }}) as transition_value
    from steps

),

terminal_transitions as (

    select
        channel as from_state,
        case when is_converted then '(conversion)' else '(null)' end as to_state,
        cast(case when is_converted then won_amount else 0 end as {{ attribution_type_double() }}) as transition_value
    from steps
    where step_number = step_count

),

transitions as (

    select * from channel_transitions
    union all
    select * from terminal_transitions

),

counted as (

    select
        cast(from_state as {{ dbt.type_string() }}) as from_state,
        cast(to_state as {{ dbt.type_string() }}) as to_state,
        count(*) as transition_count,
        {{ attribution_sum('transition_value') }} as transition_value
    from transitions
    group by from_state, to_state

)

select * from counted
