{#- The SQL and Python engines of shapley give the same Shapley values per
    channel set x channel and the same weights per opportunity x touchpoint,
    to 1e-9, with the same rows. -#}
{{ config(enabled=attribution_python_models_enabled()) }}

with

sql_values as (

    select * from {{ ref('int_shapley_channel_values') }}

),

python_values as (

    select * from {{ ref('int_shapley_channel_values_py') }}

),

sql_weights as (

    select * from {{ ref('int_touchpoints_weighted_shapley') }}

),

python_weights as (

    select * from {{ ref('int_touchpoints_weighted_shapley_py') }}

),

compared_values as (

    select
        'shapley_value' as compared,
        cast(coalesce(sql_values.channel_set, python_values.channel_set) as {{ dbt.type_string() }}) as first_key,
        coalesce(sql_values.channel, python_values.channel) as second_key,
        sql_values.shapley_value as sql_value,
        python_values.shapley_value as python_value
    from sql_values
    full outer join python_values
        on
            sql_values.channel_set = python_values.channel_set
            and sql_values.channel = python_values.channel

),

compared_weights as (

    select
        'attribution_weight' as compared,
        coalesce(sql_weights.opportunity_id, python_weights.opportunity_id) as first_key,
        coalesce(sql_weights.touchpoint_id, python_weights.touchpoint_id) as second_key,
        sql_weights.attribution_weight as sql_value,
        python_weights.attribution_weight as python_value
    from sql_weights
    full outer join python_weights
        on
            sql_weights.opportunity_id = python_weights.opportunity_id
            and sql_weights.touchpoint_id = python_weights.touchpoint_id

),

compared as (

    select * from compared_values
    union all
    select * from compared_weights

)

select * from compared
where
    sql_value is null
    or python_value is null
    or abs(sql_value - python_value) > 1e-9
