{#- Touchpoints, typed and classified into channel, channel_group and team.
    In order:
      1. the channel their campaign overrides (campaigns.channel);
      2. the first matching rule of the channel_rules seed
         (stg_marketing__channel_classifications; a `direct` rule matches
         only web touchpoint types);
      3. a touch whose type comes from the CRM (origin `crm` in the
         touchpoint_types seed) that no rule classifies takes the channel of
         its campaign's offer type (offer_type_channels seed), else
         `other_crm`: a CRM touch is never `direct`;
      4. else `other`.
    has_unknown_campaign flags a campaign_id that is no accepted campaign:
    the touch is kept, its campaign cannot give it a channel. -#}
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

crm_touchpoint_types as (

    select lower(touchpoint_type) as touchpoint_type
    from {{ ref('touchpoint_types') }}
    where lower(origin) = 'crm'

),

offer_type_channels as (

    select
        lower(offer_type) as offer_type,
        lower(channel) as channel
    from {{ ref('offer_type_channels') }}

),

derived as (

    {#- Everything but the campaign override: the rule's channel, else for a
        CRM touch its campaign's offer type's, else `other_crm`. -#}
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
        accepted.campaign_id is not null and campaigns.campaign_id is null as has_unknown_campaign,
        accepted.referrer_domain,
        accepted.sales_rep_name,
        classifications.channel_rule_order,
        campaigns.channel_override,
        case
            when campaigns.channel_override is not null then 'campaign_override'
            when classifications.channel_rule_order is not null then 'rule'
            when crm_touchpoint_types.touchpoint_type is not null and offer_type_channels.channel is not null
                then 'campaign_offer_type'
            when crm_touchpoint_types.touchpoint_type is not null then 'crm_fallback'
            else 'no_match'
        end as channel_source,
        case
            when classifications.channel_rule_order is not null then classifications.channel
            when crm_touchpoint_types.touchpoint_type is not null
                then coalesce(offer_type_channels.channel, 'other_crm')
        end as channel,
        case
            when classifications.channel_rule_order is not null then classifications.channel_group
            when crm_touchpoint_types.touchpoint_type is not null
                then coalesce(offer_defaults.channel_group, 'other')
        end as channel_group,
        case
            when classifications.channel_rule_order is not null then classifications.team
            when crm_touchpoint_types.touchpoint_type is not null
                then coalesce(offer_defaults.team, 'marketing')
        end as team
    from accepted
    left join classifications
        on
            accepted.touchpoint_type is not distinct from classifications.touchpoint_type
            and accepted.utm_source is not distinct from classifications.utm_source
            and accepted.utm_medium is not distinct from classifications.utm_medium
            and accepted.referrer_domain is not distinct from classifications.referrer_domain
    left join crm_touchpoint_types
        on accepted.touchpoint_type = crm_touchpoint_types.touchpoint_type
    left join campaigns
        on accepted.campaign_id = campaigns.campaign_id
    left join offer_type_channels
        on campaigns.offer_type = offer_type_channels.offer_type
    left join channel_defaults as offer_defaults
        on offer_type_channels.channel = offer_defaults.channel

),

classified as (

    {#- The campaign override, when set, wins over the derived channel. -#}
    select
        derived.touchpoint_id,
        derived.occurred_at,
        derived.contact_id,
        derived.email,
        derived.email_domain,
        derived.account_id,
        derived.touchpoint_type,
        derived.utm_source,
        derived.utm_medium,
        derived.utm_campaign,
        derived.campaign_id,
        derived.has_known_campaign,
        derived.has_unknown_campaign,
        derived.referrer_domain,
        derived.sales_rep_name,
        derived.channel_rule_order,
        derived.channel_override,
        derived.channel_source,
        {{ attribution_channel_columns('derived', 'channel_defaults', 'derived') }}
    from derived
    left join channel_defaults
        on derived.channel_override = channel_defaults.channel

)

select * from classified
