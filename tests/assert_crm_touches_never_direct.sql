{#- A touch whose type comes from the CRM (origin `crm` in the
    touchpoint_types seed: campaign membership, sales activity, event or
    webinar attendance) is never classified `direct`, whatever the channel
    rules say: it takes a CRM-derived channel instead. Only the campaign's
    own channel override, the user's explicit word, could say otherwise.
    Returns every such touch classified direct. -#}
with

crm_touchpoint_types as (

    select lower(touchpoint_type) as touchpoint_type
    from {{ ref('touchpoint_types') }}
    where lower(origin) = 'crm'

),

failures as (

    select
        touchpoints.touchpoint_id,
        touchpoints.touchpoint_type,
        touchpoints.channel,
        touchpoints.channel_group,
        touchpoints.channel_source
    from {{ ref('stg_marketing__touchpoints') }} as touchpoints
    inner join crm_touchpoint_types
        on touchpoints.touchpoint_type = crm_touchpoint_types.touchpoint_type
    where
        touchpoints.channel_source <> 'campaign_override'
        and (lower(touchpoints.channel) = 'direct' or lower(touchpoints.channel_group) = 'direct')

)

select * from failures
