{{ config(materialized='view') }}
{#- Single-touch models (SPEC section 4): all credit to one touch.
      first_touch           FT
      lead_creation         LC, else FT
      opportunity_creation  OC, else FT
      last_touch            the journey's last touch
      last_non_direct       the last touch whose channel is not direct, else the last touch
    Every journey touch gets a row; the others get 0. The weights come from
    attribution_rule_weight, as in int_journey_rule_weights, over
    the paths left by the path transforms (attribution_path_transform_ctes). -#}
{%- set models = ['first_touch', 'lead_creation', 'opportunity_creation', 'last_touch', 'last_non_direct'] -%}

with

journeys as (

    select * from {{ ref('int_journey_touchpoints_ordered') }}

),

{{ attribution_path_transform_ctes('journeys', attribution_path_transform_columns()) }},

positioned as (

    select
        *,
        {{ attribution_last_non_direct_position() }} as last_non_direct_position
    from path_transformed

),

weighted as (

    {% for model_name in models %}
        select
            '{{ model_name }}' as attribution_model,
            opportunity_id,
            touchpoint_id,
            {{ attribution_rule_weight(model_name) }} as attribution_weight
        from positioned
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

)

select * from weighted
