{#- Account-based journeys (SPEC section 3): per attributed opportunity, the
    touches of its scope inside [journey_start_at, journey_end_at] (both ends
    included), in order of occurred_at with touchpoint_id breaking ties, and
    the positions of its milestones:
      FT = first touch;
      LC = last touch at or before the lead-creation time;
      OC = last touch at or before the opportunity's creation;
      CW = last touch at or before close, won opportunities only.
    A missing milestone has a null position. -#}
{%- set scope = attribution_setting('attribution_journey_scope') -%}

with

opportunities as (

    select * from {{ ref('int_opportunities_prepared') }}
    where is_attributed

),

touchpoints as (

    select * from {{ ref('int_touchpoints_resolved') }}
    where not is_unresolved

),

{% if scope == 'account' -%}
    candidates as (

    {#- Every touch resolved to the opportunity's account: its contacts'
        touches and its account-level touches. -#}
        select
            opportunities.opportunity_id,
            touchpoints.touchpoint_id
        from opportunities
        inner join touchpoints
            on
                opportunities.account_id = touchpoints.account_id
                and opportunities.journey_start_at <= touchpoints.occurred_at
                and opportunities.journey_end_at >= touchpoints.occurred_at

    ),
{%- else -%}
scope_contacts as (

    select * from {{ ref('int_opportunity_contacts_scoped') }}

),

candidates as (

    {#- The contact roles' touches, plus the account's account-level touches. -#}
    select
        opportunities.opportunity_id,
        touchpoints.touchpoint_id
    from opportunities
    inner join scope_contacts
        on opportunities.opportunity_id = scope_contacts.opportunity_id
    inner join touchpoints
        on scope_contacts.contact_id = touchpoints.contact_id
        and touchpoints.occurred_at >= opportunities.journey_start_at
        and touchpoints.occurred_at <= opportunities.journey_end_at

    union

    select
        opportunities.opportunity_id,
        touchpoints.touchpoint_id
    from opportunities
    inner join touchpoints
        on opportunities.account_id = touchpoints.account_id
        and touchpoints.is_account_level
        and touchpoints.occurred_at >= opportunities.journey_start_at
        and touchpoints.occurred_at <= opportunities.journey_end_at

),
{%- endif %}

ordered as (

    select
        candidates.opportunity_id,
        candidates.touchpoint_id,
        touchpoints.occurred_at as touchpoint_at,
        touchpoints.contact_id,
        touchpoints.is_account_level,
        touchpoints.touchpoint_type,
        touchpoints.channel,
        touchpoints.channel_group,
        touchpoints.team,
        touchpoints.campaign_id,
        touchpoints.has_unknown_campaign,
        row_number() over (
            partition by candidates.opportunity_id
            order by touchpoints.occurred_at, candidates.touchpoint_id
        ) as touch_position,
        count(*) over (partition by candidates.opportunity_id) as touch_count
    from candidates
    inner join touchpoints
        on candidates.touchpoint_id = touchpoints.touchpoint_id

),

with_opportunity as (

    select
        ordered.*,
        opportunities.account_id,
        opportunities.lead_created_at,
        opportunities.created_at as opportunity_created_at,
        opportunities.closed_at as opportunity_closed_at,
        opportunities.is_won,
        opportunities.journey_end_at
    from ordered
    inner join opportunities
        on ordered.opportunity_id = opportunities.opportunity_id

),

milestones as (

    select
        *,
        max(case when touchpoint_at <= lead_created_at then touch_position end)
            over (partition by opportunity_id) as lc_position,
        max(case when touchpoint_at <= opportunity_created_at then touch_position end)
            over (partition by opportunity_id) as oc_position,
        max(case when is_won and touchpoint_at <= opportunity_closed_at then touch_position end)
            over (partition by opportunity_id) as cw_position,
        max(touchpoint_at) over (partition by opportunity_id) as latest_touch_at
    from with_opportunity

),

final as (

    select
        opportunity_id,
        touchpoint_id,
        account_id,
        contact_id,
        is_account_level,
        touchpoint_at,
        touchpoint_type,
        channel,
        channel_group,
        team,
        campaign_id,
        has_unknown_campaign,
        is_won,
        touch_position,
        touch_count,
        1 as ft_position,
        lc_position,
        oc_position,
        cw_position,
        journey_end_at,
        touch_position = 1 as is_first_touch,
        coalesce(touch_position = lc_position, false) as is_lead_creation_touch,
        coalesce(touch_position = oc_position, false) as is_opportunity_creation_touch,
        coalesce(touch_position = cw_position, false) as is_closed_won_touch,
        {{ attribution_epoch_seconds('journey_end_at') }} - {{ attribution_epoch_seconds('touchpoint_at') }}
            as seconds_before_journey_end,
        {{ attribution_epoch_seconds('latest_touch_at') }} - {{ attribution_epoch_seconds('touchpoint_at') }}
            as seconds_before_latest_touch
    from milestones

)

select * from final
