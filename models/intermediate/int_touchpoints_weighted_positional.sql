{{ config(materialized='view') }}
{#- Position models (SPEC section 4), n = touches in the journey:
      linear          1/n each
      position_based  first 40%, last 40%, 20% split over the others
      j_shaped        first 20%, last 60%, 20% split over the others
      inverse_j       first 60%, last 20%, 20% split over the others
    n = 1 gives 100%; n = 2 splits in the ratio of the first and last shares
    (50/50, 25/75, 75/25). Shares are vars. The weights come from
    attribution_rule_weight, as in int_journey_rule_weights, over
    the paths left by the path transforms (attribution_path_transform_ctes). -#}
{%- set models = ['linear', 'position_based', 'j_shaped', 'inverse_j'] -%}

with

journeys as (

    select * from {{ ref('int_journey_touchpoints_ordered') }}

),

{{ attribution_path_transform_ctes('journeys', attribution_path_transform_columns()) }},

weighted as (

    {% for model_name in models %}
        select
            '{{ model_name }}' as attribution_model,
            opportunity_id,
            touchpoint_id,
            {{ attribution_rule_weight(model_name) }} as attribution_weight
        from path_transformed
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

)

select * from weighted
