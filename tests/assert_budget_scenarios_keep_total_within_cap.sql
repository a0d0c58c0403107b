{#- The suggested reallocation of rpt_budget_scenarios keeps its promises:
    the suggested spends add up to the current total to the cent, no channel
    moves more than attribution_budget_max_shift of its spend (1e-6 of
    slack for float noise), no spend is negative, a channel whose effect's
    interval is not above zero is not increased, and a channel without spend
    is left alone. Returns one row per broken promise. -#}
{{ config(enabled=attribution_python_models_enabled()) }}
{%- set max_shift = attribution_setting('attribution_budget_max_shift') -%}

with

scenarios as (

    select * from {{ ref('rpt_budget_scenarios') }}

),

totals as (

    select
        {{ attribution_sum('current_spend') }} as current_total,
        {{ attribution_sum('suggested_spend') }} as suggested_total
    from scenarios

),

broken as (

    select
        'total spend changed' as broken_promise,
        cast(null as {{ dbt.type_string() }}) as channel
    from totals
    where abs(suggested_total - current_total) > 0.01

    union all

    select
        'moved more than the cap' as broken_promise,
        channel
    from scenarios
    where abs(delta) > {{ max_shift }} * current_spend + 1e-6

    union all

    select
        'negative spend' as broken_promise,
        channel
    from scenarios
    where suggested_spend < 0

    union all

    select
        'increased without an effect above zero' as broken_promise,
        channel
    from scenarios
    where not is_effect_above_zero and delta > 1e-6

    union all

    select
        'channel without spend moved' as broken_promise,
        channel
    from scenarios
    where not is_allocated and delta <> 0

    union all

    select
        'delta is not suggested - current' as broken_promise,
        channel
    from scenarios
    where abs(delta - (suggested_spend - current_spend)) > 1e-6

)

select * from broken
