{{ config(materialized='view') }}
{#- Milestone models (SPEC section 4):
      u_shaped   FT 40, LC 40; middle 20
      w_shaped   FT 30, LC 30, OC 30; middle 10
      full_path  FT, LC, OC, CW 22.5 each; middle 10
    See the macro attribution_milestone_weight for missing and coinciding
    milestones, the middle share and touches after the last milestone.
    Shares are vars; the middle share is what the milestones leave. -#}
{%- set u_share = attribution_setting('attribution_u_shaped_milestone_share') -%}
{%- set w_share = attribution_setting('attribution_w_shaped_milestone_share') -%}
{%- set full_share = attribution_setting('attribution_full_path_milestone_share') -%}
{%- set models = [
    ('u_shaped', [('ft_position', u_share), ('lc_position', u_share)], 1 - 2 * u_share),
    ('w_shaped', [('ft_position', w_share), ('lc_position', w_share), ('oc_position', w_share)], 1 - 3 * w_share),
    ('full_path', [('ft_position', full_share), ('lc_position', full_share), ('oc_position', full_share),
        ('cw_position', full_share)], 1 - 4 * full_share),
] -%}

with

journeys as (

    select * from {{ ref('int_journey_touchpoints_ordered') }}

),

weighted as (

    {% for model_name, milestones, middle_share in models %}
        select
            '{{ model_name }}' as attribution_model,
            opportunity_id,
            touchpoint_id,
            {{ attribution_milestone_weight('touch_position', milestones, middle_share) }} as attribution_weight
        from journeys
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

)

select * from weighted
