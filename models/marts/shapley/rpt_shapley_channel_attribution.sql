{#- The shapley channel table (SPEC sections 5 and 6), the global view: one
    row per channel with its unclipped Shapley values summed over the distinct
    channel sets of all non-empty journeys (shapley_value), and the converting
    sets' conversions and won value shared out in proportion to phi, as
    marketing-attribution-models reports them with no channel-set size cap.
    var attribution_shapley_engine chooses the SQL or Python phi. -#}
{%- set engine = attribution_setting('attribution_shapley_engine') -%}

with

channels as (

    select * from {{ ref('int_channels_indexed') }}

),

channel_values as (

    select * from {{ ref('int_shapley_channel_values_py' if engine == 'python' else 'int_shapley_channel_values') }}

),

set_values as (

    select * from {{ ref('int_shapley_set_values') }}

),

journey_sets as (

    select * from {{ ref('int_journey_channel_sets') }}

),

set_totals as (

    select
        channel_set,
        {{ attribution_sum('shapley_value') }} as set_shapley_value
    from channel_values
    group by channel_set

),

credited as (

    {#- Converting sets only: conversions(S) and won_value(S) split by
        phi_c(S) / sum_k phi_k(S). The sum is v(S) > 0 for a converting set;
        the guarded division leaves a set with a zero sum uncredited. -#}
    select
        channel_values.channel,
        set_values.conversions * {{ attribution_safe_divide(
            'channel_values.shapley_value', 'set_totals.set_shapley_value') }} as attributed_conversions,
        set_values.won_value * {{ attribution_safe_divide(
            'channel_values.shapley_value', 'set_totals.set_shapley_value') }} as attributed_value
    from channel_values
    inner join set_totals
        on channel_values.channel_set = set_totals.channel_set
    inner join set_values
        on channel_values.channel_set = set_values.channel_set
    where set_values.conversions > 0

),

credited_by_channel as (

    select
        channel,
        {{ attribution_sum('attributed_conversions') }} as attributed_conversions,
        {{ attribution_sum('attributed_value') }} as attributed_value
    from credited
    group by channel

),

values_by_channel as (

    select
        channel,
        {{ attribution_sum('shapley_value') }} as shapley_value,
        count(*) as channel_sets_with_channel
    from channel_values
    group by channel

),

journeys_by_channel as (

    select
        channels.channel,
        count(*) as journeys_with_channel,
        sum(case when journey_sets.is_training then 1 else 0 end) as training_journeys_with_channel,
        sum(case when journey_sets.is_converted then 1 else 0 end) as converted_journeys_with_channel
    from journey_sets
    inner join channels
        on {{ attribution_bitwise_and('journey_sets.channel_set', 'channels.channel_bit') }} = channels.channel_bit
    group by channels.channel

),

final as (

    select
        cast(channels.channel as {{ dbt.type_string() }}) as channel,
        cast(coalesce(values_by_channel.shapley_value, 0) as {{ attribution_type_double() }}) as shapley_value,
        cast(coalesce(credited_by_channel.attributed_conversions, 0) as {{ attribution_type_double() }})
            as attributed_conversions,
        cast(coalesce(credited_by_channel.attributed_value, 0) as {{ attribution_type_double() }})
            as attributed_value,
        cast(
            {{ attribution_safe_divide(
                'coalesce(credited_by_channel.attributed_conversions, 0)',
                attribution_sum('credited_by_channel.attributed_conversions', over='')) }}
            as {{ attribution_type_double() }}
        ) as share_of_attributed_conversions,
        cast(coalesce(values_by_channel.channel_sets_with_channel, 0) as {{ dbt.type_bigint() }})
            as channel_sets_with_channel,
        cast(coalesce(journeys_by_channel.journeys_with_channel, 0) as {{ dbt.type_bigint() }})
            as journeys_with_channel,
        cast(coalesce(journeys_by_channel.training_journeys_with_channel, 0) as {{ dbt.type_bigint() }})
            as training_journeys_with_channel,
        cast(coalesce(journeys_by_channel.converted_journeys_with_channel, 0) as {{ dbt.type_bigint() }})
            as converted_journeys_with_channel
    from channels
    left join values_by_channel
        on channels.channel = values_by_channel.channel
    left join credited_by_channel
        on channels.channel = credited_by_channel.channel
    left join journeys_by_channel
        on channels.channel = journeys_by_channel.channel

)

select * from final
