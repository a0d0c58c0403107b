{{ config(materialized='incremental', unique_key='invocation_id', on_schema_change='append_new_columns') }}
{#- Audit: one row per build with the settings in force, so every number in
    the marts can be traced to its vars. Appended on each build. -#}
with

as_of as (

    select * from {{ ref('int_attribution_as_of') }}

),

final as (

    select
        cast('{{ invocation_id }}' as {{ dbt.type_string() }}) as invocation_id,
        cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S") }}' as {{ dbt.type_timestamp() }}) as run_started_at,
        cast('{{ target.type }}' as {{ dbt.type_string() }}) as engine,
        cast('{{ dbt_version }}' as {{ dbt.type_string() }}) as dbt_version,
        as_of.as_of_at,
        as_of.is_as_of_set,
        cast('{{ attribution_setting('attribution_reporting_currency') }}' as {{ dbt.type_string() }}) as reporting_currency,
        cast({{ attribution_setting('attribution_lookback_days') }} as integer) as lookback_days,
        cast('{{ attribution_setting('attribution_journey_scope') }}' as {{ dbt.type_string() }}) as journey_scope,
        cast('{{ attribution_setting('attribution_excluded_opportunity_types') | join(",") }}' as {{ dbt.type_string() }})
            as excluded_opportunity_types,
        cast({{ attribution_setting('attribution_half_life_days') }} as {{ attribution_type_double() }}) as half_life_days,
        cast('{{ attribution_setting('attribution_time_decay_engine') }}' as {{ dbt.type_string() }}) as time_decay_engine,
        cast('{{ attribution_setting('attribution_markov_engine') }}' as {{ dbt.type_string() }}) as markov_engine,
        cast({{ attribution_setting('attribution_markov_order') }} as integer) as markov_order,
        cast('{{ attribution_setting('attribution_shapley_engine') }}' as {{ dbt.type_string() }}) as shapley_engine,
        cast('{{ attribution_setting('attribution_direct_channels') | join(",") }}' as {{ dbt.type_string() }}) as direct_channels,
        cast('{{ tojson({
            "position_based": [attribution_setting('attribution_position_first_share'), attribution_setting('attribution_position_last_share')],
            "j_shaped": [attribution_setting('attribution_j_shaped_first_share'), attribution_setting('attribution_j_shaped_last_share')],
            "inverse_j": [attribution_setting('attribution_inverse_j_first_share'), attribution_setting('attribution_inverse_j_last_share')],
            "u_shaped": attribution_setting('attribution_u_shaped_milestone_share'),
            "w_shaped": attribution_setting('attribution_w_shaped_milestone_share'),
            "full_path": attribution_setting('attribution_full_path_milestone_share'),
        }) }}' as {{ dbt.type_string() }}) as model_shares,
        cast({{ attribution_python_models_enabled() }} as boolean) as is_incremental_built,
        cast({{ attribution_setting('attribution_incremental_l2_penalty') }} as {{ attribution_type_double() }})
            as incremental_l2_penalty,
        cast({{ attribution_setting('attribution_incremental_holdout_share') }} as {{ attribution_type_double() }})
            as incremental_holdout_share,
        cast('{{ attribution_setting('attribution_incremental_seed') }}' as {{ dbt.type_string() }}) as incremental_seed
    from as_of

)

select * from final
