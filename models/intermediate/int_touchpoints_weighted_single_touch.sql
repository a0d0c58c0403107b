{{ config(materialized='view') }}
{#- Single-touch models (SPEC section 4): all credit to one touch.
      first_touch           FT
      lead_creation         LC, else FT
      opportunity_creation  OC, else FT
      last_touch            the journey's last touch
      last_non_direct       the last touch whose channel is not direct, else the last touch
    Every journey touch gets a row; the others get 0. -#}
{%- set direct_channels = attribution_setting('attribution_direct_channels') -%}

with

journeys as (

    select * from {{ ref('int_journey_touchpoints_ordered') }}

),

last_non_direct as (

    select
        opportunity_id,
        max(case when channel not in ('{{ direct_channels | join("', '") }}') then touch_position end)
            as last_non_direct_position
    from journeys
    group by opportunity_id

),

credited as (

    select
        journeys.opportunity_id,
        journeys.touchpoint_id,
        journeys.touch_position,
        journeys.touch_position = journeys.ft_position as is_first_touch,
        journeys.touch_position = coalesce(journeys.lc_position, journeys.ft_position) as is_lead_creation,
        journeys.touch_position = coalesce(journeys.oc_position, journeys.ft_position) as is_opportunity_creation,
        journeys.touch_position = journeys.touch_count as is_last_touch,
        journeys.touch_position = coalesce(last_non_direct.last_non_direct_position, journeys.touch_count)
            as is_last_non_direct
    from journeys
    inner join last_non_direct
        on journeys.opportunity_id = last_non_direct.opportunity_id

),

{% set models = [
    ('first_touch', 'is_first_touch'),
    ('lead_creation', 'is_lead_creation'),
    ('opportunity_creation', 'is_opportunity_creation'),
    ('last_touch', 'is_last_touch'),
    ('last_non_direct', 'is_last_non_direct'),
] %}
weighted as (

    {% for model_name, flag in models %}
        select
            '{{ model_name }}' as attribution_model,
            opportunity_id,
            touchpoint_id,
            cast(case when {{ flag }} then 1 else 0 end as {{ attribution_type_double() }}) as attribution_weight
        from credited
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

)

select * from weighted
