{#- The characteristic function of the shapley model (SPEC section 5): one
    row per channel set observed among the training (closed) journeys, with
    v(S) = conversion_rate = won journeys / journeys of exactly that set.
    Sets never observed in training have v = 0 and no row; v of the empty set
    is 0 (empty journeys have no set). -#}
with

journey_sets as (

    select * from {{ ref('int_journey_channel_sets') }}
    where is_training

),

aggregated as (

    select
        channel_set,
        channel_count,
        count(*) as journeys,
        sum(case when is_converted then 1 else 0 end) as conversions,
        {{ attribution_sum('case when is_converted then won_amount else 0 end') }} as won_value
    from journey_sets
    group by channel_set, channel_count

),

final as (

    select
        cast(channel_set as {{ dbt.type_bigint() }}) as channel_set,
        cast(channel_count as {{ dbt.type_bigint() }}) as channel_count,
        cast(journeys as {{ dbt.type_bigint() }}) as journeys,
        cast(conversions as {{ dbt.type_bigint() }}) as conversions,
        cast(won_value as {{ attribution_type_double() }}) as won_value,
        {{ attribution_safe_divide('conversions', 'journeys') }} as conversion_rate
    from aggregated

)

select * from final
