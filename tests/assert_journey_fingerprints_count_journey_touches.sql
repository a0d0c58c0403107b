{#- Every attributed opportunity's journey holds exactly the touches its
    fingerprint counted in its window (int_journeys_fingerprinted), and was
    written with its current fingerprint. After an incremental build, a
    journey that should have been rewritten but was not has a stale
    fingerprint: its rows are deleted (post_hook) and it shows here as
    missing. -#}
with

fingerprints as (

    select * from {{ ref('int_journeys_fingerprinted') }}

),

journeys as (

    select
        opportunity_id,
        count(*) as journey_rows,
        max(touch_count) as touch_count,
        min(journey_fingerprint) as first_fingerprint,
        max(journey_fingerprint) as last_fingerprint
    from {{ ref('int_journey_touchpoints_ordered') }}
    group by opportunity_id

),

compared as (

    select
        fingerprints.window_touch_count,
        fingerprints.journey_fingerprint,
        journeys.journey_rows,
        journeys.touch_count,
        journeys.first_fingerprint,
        journeys.last_fingerprint,
        coalesce(fingerprints.opportunity_id, journeys.opportunity_id) as opportunity_id
    from fingerprints
    full outer join journeys
        on fingerprints.opportunity_id = journeys.opportunity_id

)

select * from compared
where
    window_touch_count is null
    or window_touch_count != coalesce(journey_rows, 0)
    or window_touch_count != coalesce(touch_count, 0)
    or first_fingerprint != journey_fingerprint
    or last_fingerprint != journey_fingerprint
