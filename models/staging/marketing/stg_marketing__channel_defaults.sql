{#- One row per channel of the channel_rules seed with the group and team of
    its first rule: what a campaign's channel override takes. -#}
with

channel_rules as (

    select * from {{ ref('channel_rules') }}

),

final as (

    {#- The first rule of each channel gives a campaign override its group and team. #}
    select
        channel,
        channel_group,
        team
    from (
        select
            channel,
            channel_group,
            team,
            row_number() over (partition by channel order by rule_order) as channel_rank
        from channel_rules
    ) as ranked
    where channel_rank = 1

)

select * from final
