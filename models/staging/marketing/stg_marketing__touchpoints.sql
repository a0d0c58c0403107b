{#- Touchpoints, typed and classified into channel, channel_group and team.
    Classification runs once per distinct combination of the matched fields
    (a few thousand), not per touchpoint, so it scales to tens of millions. -#}
with

accepted as (

    select * from {{ ref('base_marketing__touchpoints') }}
    where rejection_reason is null

),

channel_rules as (

    select * from {{ ref('channel_rules') }}

),

campaigns as (

    select * from {{ ref('stg_crm__campaigns') }}

),

combinations as (

    select distinct
        touchpoint_type,
        utm_source,
        utm_medium,
        referrer_domain
    from accepted

),

matched_rules as (

    select
        combinations.touchpoint_type,
        combinations.utm_source,
        combinations.utm_medium,
        combinations.referrer_domain,
        channel_rules.rule_order,
        channel_rules.channel,
        channel_rules.channel_group,
        channel_rules.team,
        row_number() over (
            partition by
                combinations.touchpoint_type,
                combinations.utm_source,
                combinations.utm_medium,
                combinations.referrer_domain
            order by channel_rules.rule_order
        ) as rule_rank
    from combinations
    inner join channel_rules
        on
            {{ attribution_rule_matches('combinations.touchpoint_type', 'channel_rules.touchpoint_type') }}
            and {{ attribution_rule_matches('combinations.utm_source', 'channel_rules.utm_source') }}
            and {{ attribution_rule_matches('combinations.utm_medium', 'channel_rules.utm_medium') }}
            and {{ attribution_rule_matches('combinations.referrer_domain', 'channel_rules.referrer_domain') }}

),

first_matches as (

    select * from matched_rules
    where rule_rank = 1

),

channel_defaults as (

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

),

classified as (

    select
        accepted.touchpoint_id,
        accepted.occurred_at,
        accepted.contact_id,
        accepted.email,
        {{ attribution_email_domain('accepted.email') }} as email_domain,
        accepted.account_id,
        accepted.touchpoint_type,
        accepted.utm_source,
        accepted.utm_medium,
        accepted.utm_campaign,
        accepted.campaign_id,
        campaigns.campaign_id is not null as has_known_campaign,
        accepted.referrer_domain,
        first_matches.rule_order as channel_rule_order,
        campaigns.channel_override,
        case
            when campaigns.channel_override is not null then 'campaign_override'
            when first_matches.rule_order is not null then 'rule'
            else 'no_match'
        end as channel_source,
        coalesce(campaigns.channel_override, first_matches.channel, 'other') as channel,
        case
            when campaigns.channel_override is not null then coalesce(channel_defaults.channel_group, 'other')
            else coalesce(first_matches.channel_group, 'other')
        end as channel_group,
        case
            when campaigns.channel_override is not null then coalesce(channel_defaults.team, 'marketing')
            else coalesce(first_matches.team, 'marketing')
        end as team
    from accepted
    left join first_matches
        on
            accepted.touchpoint_type is not distinct from first_matches.touchpoint_type
            and accepted.utm_source is not distinct from first_matches.utm_source
            and accepted.utm_medium is not distinct from first_matches.utm_medium
            and accepted.referrer_domain is not distinct from first_matches.referrer_domain
    left join campaigns
        on accepted.campaign_id = campaigns.campaign_id
    left join channel_defaults
        on campaigns.channel_override = channel_defaults.channel

)

select * from classified
