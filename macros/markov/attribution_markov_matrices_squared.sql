{#- The body of a matrix-power model of the markov SQL engine: squares every
    removal scenario's transition matrix `squarings` times, so a model reading
    P^(2^n) returns P^(2^(n + squarings)). Rows: removed_channel x from_state x
    to_state, with log2_steps = n + squarings. A squaring is one join and one
    sum, which every SQL engine runs; each model does only a few, because
    engines that inline CTEs (Spark) evaluate a CTE once per reference and a
    squaring references the previous power twice (2^squarings - 1 joins per
    model). -#}
{% macro attribution_markov_matrices_squared(previous_power, squarings=3) -%}
with

power_0 as (

    select * from {{ previous_power }}

),
{%- for step in range(1, squarings + 1) %}

power_{{ step }} as (

    select
        left_step.removed_channel,
        left_step.from_state,
        right_step.to_state,
        left_step.log2_steps + 1 as log2_steps,
        {{ attribution_sum('left_step.transition_probability * right_step.transition_probability') }}
            as transition_probability
    from power_{{ step - 1 }} as left_step
    inner join power_{{ step - 1 }} as right_step
        on
            left_step.removed_channel = right_step.removed_channel
            and left_step.to_state = right_step.from_state
    group by
        left_step.removed_channel,
        left_step.from_state,
        right_step.to_state,
        left_step.log2_steps

){% if not loop.last %},{% endif %}
{%- endfor %}

select * from power_{{ squarings }}
{%- endmacro %}
