{#- Account-based journeys (SPEC section 3): per attributed opportunity, the
    touches of its scope inside [journey_start_at, journey_end_at] (both ends
    included), in order of occurred_at with touchpoint_id breaking ties, and
    the positions of its milestones:
      FT = first touch;
      LC = last touch at or before the lead-creation time;
      OC = last touch at or before the opportunity's creation;
      CW = last touch at or before close, won opportunities only.
    A missing milestone has a null position.
    Incremental builds (docs/incremental_builds.md): on DuckDB the table is
    materialized='incremental' (delete+insert on opportunity_id). A build
    over an existing table rewrites only the journeys of the opportunities
    whose fingerprint (int_journeys_fingerprinted) differs from the one stored
    on their rows, or that have no rows (new, or an empty journey: they are
    checked again on every build); the post_hook then deletes the rows left
    with a fingerprint that is no longer current (a journey now empty, an
    opportunity no longer attributed). Every row carries the invocation that
    wrote it (journey_built_by). Nothing stored depends on the as-of time:
    an open opportunity's journey end is the as-of time, so the distance to
    it would change on every build. -#}
{{ config(
    materialized=attribution_incremental_build_materialization(),
    incremental_strategy='delete+insert',
    unique_key='opportunity_id',
    on_schema_change='fail',
    post_hook="{{ attribution_delete_stale_journeys() }}",
) }}
{%- set scope = attribution_setting('attribution_journey_scope') -%}
{%- do attribution_require_stored_columns(['journey_fingerprint', 'journey_built_by']) -%}

with

fingerprints as (

    select * from {{ ref('int_journeys_fingerprinted') }}

),

{% if is_incremental() -%}
    stored_journeys as (

        {#- One row per opportunity with a stored journey. -#}
        select
            opportunity_id,
            journey_fingerprint
        from {{ this }}
        where touch_position = 1

    ),

    rebuilt as (

        select fingerprints.opportunity_id
        from fingerprints
        left join stored_journeys
            on
                fingerprints.opportunity_id = stored_journeys.opportunity_id
                and fingerprints.journey_fingerprint = stored_journeys.journey_fingerprint
        where stored_journeys.opportunity_id is null

    ),
{%- endif %}

opportunities as (

    select
        opportunities_prepared.*,
        fingerprints.journey_fingerprint
    from {{ ref('int_opportunities_prepared') }} as opportunities_prepared
    left join fingerprints
        on opportunities_prepared.opportunity_id = fingerprints.opportunity_id
    {%- if is_incremental() %}
    inner join rebuilt
        on opportunities_prepared.opportunity_id = rebuilt.opportunity_id
    {%- endif %}
    where opportunities_prepared.is_attributed

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
        opportunities.journey_fingerprint
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
        touch_position = 1 as is_first_touch,
        coalesce(touch_position = lc_position, false) as is_lead_creation_touch,
        coalesce(touch_position = oc_position, false) as is_opportunity_creation_touch,
        coalesce(touch_position = cw_position, false) as is_closed_won_touch,
        {{ attribution_epoch_seconds('latest_touch_at') }} - {{ attribution_epoch_seconds('touchpoint_at') }}
            as seconds_before_latest_touch,
        journey_fingerprint,
        '{{ invocation_id }}' as journey_built_by
    from milestones

)

select * from final
