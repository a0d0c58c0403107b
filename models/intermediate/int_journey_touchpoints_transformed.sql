{{ config(materialized='view') }}
{#- The rule-based models' paths (docs/path_transforms.md): one row per
    attributed opportunity x journey touch of int_journey_touchpoints_ordered,
    with the var attribution_path_transforms applied in order to each journey:
    is_credited says whether the touch is on the transformed path, and
    credited_position / credited_count / seconds_before_latest_credited_touch
    describe that path. With no transform (the default) every touch is
    credited and the path is the journey. A touch off the path stays here and
    in the hub with weight 0, so every journey stays whole. The per-family
    weight views read this model; int_journey_rule_weights renders the same
    CTEs (attribution_path_transform_ctes) over the journeys it reweights. -#}
{%- set columns = attribution_path_transform_columns() -%}

with

journeys as (

    select * from {{ ref('int_journey_touchpoints_ordered') }}

),

{{ attribution_path_transform_ctes('journeys', columns) }}

select * from path_transformed
