{{ config(materialized='view') }}
{#- Position models (SPEC section 4), n = touches in the journey:
      linear          1/n each
      position_based  first 40%, last 40%, 20% split over the others
      j_shaped        first 20%, last 60%, 20% split over the others
      inverse_j       first 60%, last 20%, 20% split over the others
    n = 1 gives 100%; n = 2 splits in the ratio of the first and last shares
    (50/50, 25/75, 75/25). Shares are vars. -#}
{%- set models = [
    ('position_based', attribution_setting('attribution_position_first_share'), attribution_setting('attribution_position_last_share')),
    ('j_shaped', attribution_setting('attribution_j_shaped_first_share'), attribution_setting('attribution_j_shaped_last_share')),
    ('inverse_j', attribution_setting('attribution_inverse_j_first_share'), attribution_setting('attribution_inverse_j_last_share')),
] -%}

with

journeys as (

    select * from {{ ref('int_journey_touchpoints_ordered') }}

),

weighted as (

    select
        'linear' as attribution_model,
        opportunity_id,
        touchpoint_id,
        cast(1 as {{ attribution_type_double() }}) / touch_count as attribution_weight
    from journeys

    {% for model_name, first_share, last_share in models %}
        union all

        select
            '{{ model_name }}' as attribution_model,
            opportunity_id,
            touchpoint_id,
            {{ attribution_position_weight('touch_position', 'touch_count', first_share, last_share) }}
                as attribution_weight
        from journeys
    {% endfor %}

)

select * from weighted
