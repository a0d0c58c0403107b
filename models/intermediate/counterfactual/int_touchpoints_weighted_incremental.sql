{#- incremental weights (SPEC section 5): the local view. One row per
    opportunity x journey touchpoint. Each channel of the journey takes the
    win probability lost without it, probability_drop = p(J) - p(J without
    c) (int_incremental_probabilities_scored); negatives are clipped to 0
    (drops within 1e-12 of zero count as zero, so rounding noise cannot decide
    the credit), the clipped drops are normalised over the journey's
    channels and each channel's share is split equally over its touches.
    When every clipped drop is 0 the journey falls back to linear (1/n per
    touch). Open opportunities are credited with the fit on closed ones. -#}

with

touches as (

    select * from {{ ref('int_journey_touchpoints_ordered') }}

),

scored as (

    select * from {{ ref('int_incremental_probabilities_scored') }}

),

clipped as (

    select
        opportunity_id,
        channel,
        channel_touch_count,
        sum(channel_touch_count) over (partition by opportunity_id) as touch_count,
        {{ attribution_clipped_credit('probability_drop') }} as clipped_credit
    from scored

),

{{ attribution_split_channel_credit('incremental', 'clipped', 'touches') }}

select * from weighted
