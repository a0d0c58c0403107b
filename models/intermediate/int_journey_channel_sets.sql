{#- One row per attributed opportunity with a non-empty journey: the set of
    its channels as a bitmask (see int_channels_indexed), its size, and
    whether it converts and trains (SPEC section 5). -#}
with

steps as (

    select * from {{ ref('int_journey_steps_collapsed') }}

),

channels as (

    select * from {{ ref('int_channels_indexed') }}

),

distinct_channels as (

    select distinct
        steps.opportunity_id,
        steps.is_converted,
        steps.is_training,
        steps.won_amount,
        channels.channel_bit
    from steps
    inner join channels
        on steps.channel = channels.channel

),

final as (

    select
        opportunity_id,
        is_converted,
        is_training,
        won_amount,
        cast(sum(channel_bit) as bigint) as channel_set,
        count(*) as channel_count
    from distinct_channels
    group by opportunity_id, is_converted, is_training, won_amount

)

select * from final
