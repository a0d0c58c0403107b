{#- Efficiency of the Shapley value: in every game T the channels' values sum
    to v(T), the conversion rate of T in training (0 when T was not seen in
    training), to 1e-9. Checked on both engines. -#}
{{ config(enabled=attribution_python_models_enabled()) }}

with

sql_values as (

    select * from {{ ref('int_shapley_channel_values') }}

),

python_values as (

    select * from {{ ref('int_shapley_channel_values_py') }}

),

set_values as (

    select * from {{ ref('int_shapley_set_values') }}

),

engine_values as (

    select
        'sql' as engine,
        channel_set,
        shapley_value
    from sql_values
    union all
    select
        'python' as engine,
        channel_set,
        shapley_value
    from python_values

),

set_sums as (

    select
        engine,
        channel_set,
        sum(shapley_value) as shapley_value_sum
    from engine_values
    group by engine, channel_set

),

compared as (

    select
        set_sums.engine,
        set_sums.channel_set,
        set_sums.shapley_value_sum,
        coalesce(set_values.conversion_rate, 0) as conversion_rate
    from set_sums
    left join set_values
        on set_sums.channel_set = set_values.channel_set

)

select * from compared
where abs(shapley_value_sum - conversion_rate) > 1e-9
