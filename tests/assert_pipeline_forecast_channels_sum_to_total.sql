{#- Under every attribution model built, the expected bookings and wins of
    rpt_pipeline_forecast summed over channels and months equal the open
    pipeline's totals in fct_opportunity_forecast (to the cent, and to 1e-9
    wins): the weights move value between channels, never create or lose it.
    A model missing from the report fails too. -#}
{%- set models = attribution_models_built() -%}

with

forecast as (

    select
        {{ attribution_sum('expected_value') }} as expected_bookings,
        {{ attribution_sum('win_probability') }} as expected_wins,
        count(*) as opportunity_count
    from {{ ref('fct_opportunity_forecast') }}

),

attribution_models as (

    {%- for model_name in models %}
        select cast('{{ model_name }}' as {{ dbt.type_string() }}) as attribution_model
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}

),

by_model as (

    select
        attribution_model,
        {{ attribution_sum('expected_bookings') }} as expected_bookings,
        {{ attribution_sum('expected_wins') }} as expected_wins
    from {{ ref('rpt_pipeline_forecast') }}
    group by attribution_model

),

final as (

    select
        attribution_models.attribution_model,
        by_model.expected_bookings,
        forecast.expected_bookings as total_expected_bookings,
        by_model.expected_wins,
        forecast.expected_wins as total_expected_wins
    from attribution_models
    cross join forecast
    left join by_model
        on attribution_models.attribution_model = by_model.attribution_model
    where
        (by_model.attribution_model is null and forecast.opportunity_count > 0)
        or abs(coalesce(by_model.expected_bookings, 0) - forecast.expected_bookings) >= 0.005
        or abs(coalesce(by_model.expected_wins, 0) - forecast.expected_wins) > 1e-9

)

select * from final
