{#- markov weights, SQL engine (SPEC section 5). One row per opportunity x
    journey touchpoint. The removal effects of the journey's distinct
    channels are normalised to shares that sum to 1; each channel's share is
    split equally over its touches (touches, not collapsed steps). A journey
    whose channels all have RE 0 falls back to linear (1/n per touch). The
    share is attribution_channel_share, as in int_journey_channel_shares.
    The removal effects are those on conversions, or on won value with var
    attribution_markov_removal_basis: value. -#}
{%- do attribution_markov_engine() -%}
{%- set effect_column = 'removal_effects.' ~ attribution_markov_removal_effect_column() -%}

with

journeys as (

    select * from {{ ref('int_journey_touchpoints_ordered') }}

),

removal_effects as (

    select * from {{ ref('int_markov_removal_effects') }}

),

journey_channels as (

    select
        opportunity_id,
        channel,
        count(*) as channel_touch_count
    from journeys
    group by opportunity_id, channel

),

channel_effects as (

    select
        journey_channels.opportunity_id,
        journey_channels.channel,
        journey_channels.channel_touch_count,
        coalesce({{ effect_column }}, 0) as removal_effect,
        {{ attribution_sum(
            'coalesce(' ~ effect_column ~ ', 0)',
            over='partition by journey_channels.opportunity_id') }} as journey_removal_effect
    from journey_channels
    left join removal_effects
        on journey_channels.channel = removal_effects.channel

),

weighted as (

    select
        cast('markov' as {{ dbt.type_string() }}) as attribution_model,
        journeys.opportunity_id,
        journeys.touchpoint_id,
        {{ attribution_channel_touch_weight(
            attribution_channel_share(
                'channel_effects.removal_effect', 'channel_effects.journey_removal_effect',
                'channel_effects.channel_touch_count', 'journeys.touch_count'),
            'channel_effects.channel_touch_count') }} as attribution_weight
    from journeys
    inner join channel_effects
        on
            journeys.opportunity_id = channel_effects.opportunity_id
            and journeys.channel = channel_effects.channel

)

select * from weighted
