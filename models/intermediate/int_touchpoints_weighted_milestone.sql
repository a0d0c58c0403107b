{{ config(materialized='view') }}
{#- Milestone models (SPEC section 4):
      u_shaped   FT 40, LC 40; middle 20
      w_shaped   FT 30, LC 30, OC 30; middle 10
      full_path  FT, LC, OC, CW 22.5 each; middle 10
    See the macro attribution_milestone_weight for missing and coinciding
    milestones, the middle share and touches after the last milestone.
    Shares are vars; the middle share is what the milestones leave. The
    weights come from attribution_rule_weight, as in int_journey_rule_weights, over
    the paths left by the path transforms (attribution_path_transform_ctes). -#}
{%- set models = ['u_shaped', 'w_shaped', 'full_path'] -%}

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
