{#- Every accepted touchpoint, resolved and classified, with how many
    journeys it is in. Unresolved touches are kept and flagged. No email. -#}
with

touchpoints as (

    select * from {{ ref('int_touchpoints_resolved') }}

),

journey_counts as (

    select
        touchpoint_id,
        count(*) as journey_count
    from {{ ref('int_journey_touchpoints_ordered') }}
    group by touchpoint_id

),

final as (

    select
        touchpoints.touchpoint_id,
        touchpoints.occurred_at as touchpoint_at,
        cast(touchpoints.occurred_at as date) as touchpoint_date,
        touchpoints.contact_id,
        touchpoints.account_id,
        touchpoints.contact_resolution,
        touchpoints.account_resolution,
        touchpoints.is_account_level,
        touchpoints.is_unresolved,
        touchpoints.touchpoint_type,
        touchpoints.channel,
        touchpoints.channel_group,
        touchpoints.team,
        touchpoints.channel_source,
        touchpoints.campaign_id,
        touchpoints.has_unknown_campaign,
        touchpoints.utm_source,
        touchpoints.utm_medium,
        touchpoints.utm_campaign,
        touchpoints.referrer_domain,
        touchpoints.sales_rep_name,
        coalesce(journey_counts.journey_count, 0) as journey_count
    from touchpoints
    left join journey_counts
        on touchpoints.touchpoint_id = journey_counts.touchpoint_id

)

select * from final
