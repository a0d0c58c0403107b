{#- shapley weights (SPEC section 5), SQL engine: the local view. One row per
    opportunity x journey touchpoint. Each channel of the journey takes its
    Shapley value phi_c(T) in the game on the journey's channel set T
    (int_shapley_channel_values), negatives clipped to 0, normalised over the
    journey's channels, then split equally over the channel's touches. When
    every clipped value is 0 the journey falls back to linear (1/n per touch).
    Values within 1e-12 of zero count as zero, so floating-point noise in an
    exact zero cannot turn a linear journey into a one-channel one (the Python
    engine uses the same tolerance). Open opportunities are credited with the
    v learnt from closed ones. -#}

with

touches as (

    select * from {{ ref('int_journey_touchpoints_ordered') }}

),

journey_sets as (

    select * from {{ ref('int_journey_channel_sets') }}

),

channel_values as (

    select * from {{ ref('int_shapley_channel_values') }}

),

journey_channels as (

    {#- One row per opportunity x channel of its journey: weights are set per
        channel and then spread over its touches (fewer rows to normalise). -#}
    select
        opportunity_id,
        channel,
        count(*) as channel_touch_count,
        max(touch_count) as touch_count
    from touches
    group by opportunity_id, channel

),

channel_shares as (

    select
        journey_channels.opportunity_id,
        journey_channels.channel,
        journey_channels.channel_touch_count,
        journey_channels.touch_count,
        {{ attribution_clipped_credit('channel_values.shapley_value') }} as clipped_credit
    from journey_channels
    left join journey_sets
        on journey_channels.opportunity_id = journey_sets.opportunity_id
    left join channel_values
        on
            journey_sets.channel_set = channel_values.channel_set
            and journey_channels.channel = channel_values.channel

),

{{ attribution_split_channel_credit('shapley', 'channel_shares', 'touches') }}

select * from weighted
