{#- Every channel a touch can get: the rules seed's channels, campaign
    overrides, `other` (no rule matched) and `(unattributed)` (empty journeys). -#}
with

rule_channels as (

    select
        channel,
        channel_group,
        team,
        'channel_rules' as defined_by
    from {{ ref('stg_marketing__channel_defaults') }}

),

override_channels as (

    select distinct
        touchpoints.channel,
        touchpoints.channel_group,
        touchpoints.team,
        'campaign_override' as defined_by
    from {{ ref('stg_marketing__touchpoints') }} as touchpoints
    left join rule_channels
        on touchpoints.channel = rule_channels.channel
    where
        touchpoints.channel_source = 'campaign_override'
        and rule_channels.channel is null

),

fallback_channels as (

    select
        'other' as channel,
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
    select * from override_channels
    union all
    select * from fallback_channels
    where fallback_channels.channel not in (select rule_channels.channel from rule_channels)

)

select * from unioned
