{#- Marketing spend by day, channel and campaign, in the reporting currency:
    ad spend as reported, plus campaign costs (campaigns.actual_cost) spread
    evenly over the campaign's days. A campaign that has ad spend rows is not
    counted again through its actual_cost. A campaign's channel is its CRM
    override, else the most frequent channel of its touches, else `other`.
    A campaign cost without dates sits on its one known date, or on no date
    (spend_date null) when it has none.

    Point in time (var attribution_as_of set): spend dated after the as-of
    time's day is left out. Ad spend rows after that day are cut; a campaign
    started after the as-of time is left out; the cost of a campaign running
    at the as-of time is prorated: of its days spread evenly, those up to and
    including the as-of day count. Campaign channels come from touches up to
    the as-of time. Without the var nothing is cut. -#}
with

as_of as (

    select
        as_of_at,
        is_as_of_set,
        cast(as_of_at as date) as as_of_date
    from {{ ref('int_attribution_as_of') }}

),

ad_spend as (

    select ad_spend.*
    from {{ ref('int_ad_spend_prepared') }} as ad_spend
    cross join as_of
    where
        not as_of.is_as_of_set
        or ad_spend.spend_date <= as_of.as_of_date

),

campaigns as (

    select campaigns.*
    from {{ ref('int_campaigns_prepared') }} as campaigns
    cross join as_of
    where
        not as_of.is_as_of_set
        or campaigns.started_at is null
        or campaigns.started_at <= as_of.as_of_at

),

touchpoints as (

    select * from {{ ref('int_touchpoints_resolved') }}
    where campaign_id is not null

),

channel_defaults as (

    select * from {{ ref('int_channel_defaults_prepared') }}

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
            row_number() over (
                partition by campaign_id order by count(*) desc, channel asc, channel_group asc, team asc
            ) as channel_rank
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

campaign_cost_days as (

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

),

campaign_costs as (

    {#- A running campaign's days after the as-of day are cut: its cost is prorated. -#}
    select campaign_cost_days.*
    from campaign_cost_days
    cross join as_of
    where
        not as_of.is_as_of_set
        or campaign_cost_days.spend_date <= as_of.as_of_date

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
