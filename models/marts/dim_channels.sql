{#- Every channel a touch can get: the rules seed's channels, channels that
    only campaigns give (a CRM campaign channel override, or a CRM touch's
    campaign offer type), `other` (no rule matched), `other_crm` (a CRM touch
    that neither a rule nor its campaign classifies) and `(unattributed)`
    (empty journeys). -#}
with

rule_channels as (

    select
        channel,
        channel_group,
        team,
        'channel_rules' as defined_by
    from {{ ref('int_channel_defaults_prepared') }}

),

campaign_channels as (

    {#- A channel both an override and an offer type give is listed once,
        as an override. -#}
    select
        channel,
        channel_group,
        team,
        defined_by
    from (
        select
            touchpoints.channel,
            touchpoints.channel_group,
            touchpoints.team,
            touchpoints.channel_source as defined_by,
            row_number() over (
                partition by touchpoints.channel
                order by touchpoints.channel_source, touchpoints.channel_group, touchpoints.team
            ) as channel_rank
        from {{ ref('int_touchpoints_resolved') }} as touchpoints
        left join rule_channels
            on touchpoints.channel = rule_channels.channel
        where
            touchpoints.channel_source in ('campaign_override', 'campaign_offer_type')
            and rule_channels.channel is null
    ) as ranked
    where channel_rank = 1

),

fallback_channels as (

    select
        'other' as channel,
        'other' as channel_group,
        'marketing' as team,
        'fallback' as defined_by

    union all

    select
        'other_crm' as channel,
        'other' as channel_group,
        'marketing' as team,
        'fallback' as defined_by

    union all

    select
        '(unattributed)' as channel,
        '(unattributed)' as channel_group,
        '(unattributed)' as team,
        'fallback' as defined_by

),

unioned as (

    select * from rule_channels
    union all
    select * from campaign_channels
    union all
    select * from fallback_channels
    where
        fallback_channels.channel not in (select rule_channels.channel from rule_channels)
        and fallback_channels.channel not in (select campaign_channels.channel from campaign_channels)

)

select * from unioned
