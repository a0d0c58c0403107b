{#- The SQL and Python engines of time_decay give the same weights, to 1e-9,
    for every opportunity x touchpoint, and the same rows. -#}
{{ config(enabled=attribution_python_models_enabled()) }}

with

sql_engine as (

    select * from {{ ref('int_touchpoints_weighted_time_decay') }}

),

python_engine as (

    select * from {{ ref('int_touchpoints_weighted_time_decay_py') }}

),

compared as (

    select
        sql_engine.attribution_weight as sql_weight,
        python_engine.attribution_weight as python_weight,
        coalesce(sql_engine.opportunity_id, python_engine.opportunity_id) as opportunity_id,
        coalesce(sql_engine.touchpoint_id, python_engine.touchpoint_id) as touchpoint_id
    from sql_engine
    full outer join python_engine
        on
            sql_engine.opportunity_id = python_engine.opportunity_id
            and sql_engine.touchpoint_id = python_engine.touchpoint_id

)

select * from compared
where
    sql_weight is null
    or python_weight is null
    or abs(sql_weight - python_weight) > 1e-9
