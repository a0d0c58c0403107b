{#- Marketing spend by day, channel and campaign, in the reporting currency:
    ad spend as reported, plus campaign costs (campaigns.actual_cost) spread
    evenly over the campaign's days. A campaign that has ad spend rows is not
    counted again through its actual_cost. A campaign's channel is its CRM
    override, else the most frequent channel of its touches, else `other`.
    A campaign cost without dates sits on its one known date, or on no date
    (spend_date null) when it has none. -#}
with

ad_spend as (

    select * from {{ ref('stg_marketing__ad_spend') }}

),

campaigns as (

    select * from {{ ref('stg_crm__campaigns') }}

),

touchpoints as (

    select * from {{ ref('stg_marketing__touchpoints') }}
    where campaign_id is not null

),

channel_defaults as (

    select * from {{ ref('stg_marketing__channel_defaults') }}

),

day_offsets as (

    select * from {{ ref('int_day_offsets_generated') }}

),

campaign_touch_channels as (

    select
        campaign_id,
        channel,
        channel_group,
        team
    from (
        select
            campaign_id,
            channel,
            channel_group,
            team,
            row_number() over (partition by campaign_id order by count(*) desc, channel) as channel_rank
        from touchpoints
        group by campaign_id, channel, channel_group, team
    ) as ranked
    where channel_rank = 1

),

campaigns_with_ad_spend as (

    select distinct campaign_id from ad_spend
    where campaign_id is not null

),

costed_campaigns as (

    select
        campaigns.campaign_id,
        campaigns.actual_cost,
        cast(coalesce(campaigns.started_at, campaigns.ended_at) as date) as first_day,
        cast(coalesce(campaigns.ended_at, campaigns.started_at) as date) as last_day,
        {{ attribution_channel_columns('campaigns', 'channel_defaults', 'campaign_touch_channels') }}
    from campaigns
    left join campaign_touch_channels
        on campaigns.campaign_id = campaign_touch_channels.campaign_id
    left join channel_defaults
        on campaigns.channel_override = channel_defaults.channel
    left join campaigns_with_ad_spend
        on campaigns.campaign_id = campaigns_with_ad_spend.campaign_id
    where
        campaigns.actual_cost is not null
        and campaigns_with_ad_spend.campaign_id is null

),

campaign_days as (

    select
        costed_campaigns.*,
        coalesce({{ dbt.datediff('costed_campaigns.first_day', 'costed_campaigns.last_day', 'day') }}, 0) + 1
            as campaign_days
    from costed_campaigns

),

campaign_costs as (

    select
        cast({{ dbt.dateadd('day', 'day_offsets.day_offset', 'campaign_days.first_day') }} as date) as spend_date,
        campaign_days.channel,
        campaign_days.channel_group,
        campaign_days.team,
        campaign_days.campaign_id,
        'campaign_cost' as spend_source,
        campaign_days.actual_cost / campaign_days.campaign_days as amount
    from campaign_days
    inner join day_offsets
        on campaign_days.campaign_days > day_offsets.day_offset
    where campaign_days.first_day is not null

    union all

    select
        cast(null as date) as spend_date,
        channel,
        channel_group,
        team,
        campaign_id,
        'campaign_cost' as spend_source,
        actual_cost as amount
    from campaign_days
    where first_day is null

),

ad_spend_rows as (

    select
        spend_date,
        channel,
        channel_group,
        team,
        campaign_id,
        'ad_spend' as spend_source,
        amount
    from ad_spend

),

unioned as (

    select * from ad_spend_rows
    union all
    select * from campaign_costs

),

final as (

    select
        spend_date,
        cast({{ dbt.date_trunc('month', 'spend_date') }} as date) as spend_month,
        channel,
        channel_group,
        team,
        campaign_id,
        spend_source,
        {{ attribution_sum("amount") }} as amount
    from unioned
    group by spend_date, channel, channel_group, team, campaign_id, spend_source

)

select * from final
