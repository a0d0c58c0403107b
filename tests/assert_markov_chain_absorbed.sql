{#- The markov SQL engine's last matrix power has absorbed every removal
    scenario: from every state, at most 1e-12 of the probability is still on
    a transient state ((start) or a channel), the rows still sum to 1 (to
    1e-9) leaving out the (conversion value) entries (a reward, not a
    probability: int_markov_matrices_prepared), and the power is at least
    2^30 steps. So its (conversion) column holds the exact absorption
    probabilities, to float rounding. -#}
with

absorbed as (

    select * from {{ ref('int_markov_matrices_squared_10') }}

),

row_mass as (

    select
        removed_channel,
        from_state,
        max(log2_steps) as log2_steps,
        sum(
            case
                when to_state in ('(conversion)', '(null)', '(conversion value)') then 0 else transition_probability
            end
        ) as transient_probability,
        sum(case when to_state = '(conversion value)' then 0 else transition_probability end) as total_probability
    from absorbed
    where from_state <> '(conversion value)'
    group by removed_channel, from_state

)

select * from row_mass
where
    transient_probability > 1e-12
    or abs(total_probability - 1) > 1e-9
    or log2_steps < 30
