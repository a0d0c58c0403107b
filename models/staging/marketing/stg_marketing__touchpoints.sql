{#- Touchpoints, typed and classified into channel, channel_group and team
    (stg_marketing__channel_classifications), or the channel their campaign
    overrides. -#}
with

accepted as (

    select * from {{ ref('base_marketing__touchpoints') }}
    where rejection_reason is null

),

classifications as (

    select * from {{ ref('stg_marketing__channel_classifications') }}

),

channel_defaults as (

    select * from {{ ref('stg_marketing__channel_defaults') }}

),

campaigns as (

    select * from {{ ref('stg_crm__campaigns') }}

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
        classifications.channel_rule_order,
        campaigns.channel_override,
        case
            when campaigns.channel_override is not null then 'campaign_override'
            when classifications.channel_rule_order is not null then 'rule'
            else 'no_match'
        end as channel_source,
        {{ attribution_channel_columns('campaigns', 'channel_defaults', 'classifications') }}
    from accepted
    left join classifications
        on
            accepted.touchpoint_type is not distinct from classifications.touchpoint_type
            and accepted.utm_source is not distinct from classifications.utm_source
            and accepted.utm_medium is not distinct from classifications.utm_medium
            and accepted.referrer_domain is not distinct from classifications.referrer_domain
    left join campaigns
        on accepted.campaign_id = campaigns.campaign_id
    left join channel_defaults
        on campaigns.channel_override = channel_defaults.channel

)

select * from classified
