{#- Every channel seen in a journey with a 0-based index, so a set of
    channels is one integer bitmask (bit i = channel i). Up to 62 channels. -#}
with

channels as (

    select distinct channel from {{ ref('int_journey_touchpoints_ordered') }}

),

final as (

    select
        channel,
        cast(row_number() over (order by channel) - 1 as bigint) as channel_index,
        cast(power(2, row_number() over (order by channel) - 1) as bigint) as channel_bit
    from channels

)

select * from final
