{#- The rule-based half of the attribution hub: one row per attributed
    opportunity x journey touch with one weight column per rule-based model
    (attribution_rule_based_models), computed in one pass over the journeys
    with the formulas of the per-family weight views (attribution_rule_weight).
    An attributed opportunity with an empty journey gets one row with no
    touchpoint and no channel, and weight 1 in every column. With var
    attribution_time_decay_engine = python, weight_time_decay comes from
    int_touchpoints_weighted_time_decay_py. Every column depends on the
    journey's content only (no build clock), so a journey that does not
    change keeps its row.
    Incremental builds (docs/incremental_builds.md): on DuckDB the table is
    materialized='incremental' (delete+insert on opportunity_id). Each touch
    row stores the journey build it was weighted from (journey_built_by, the
    invocation that wrote the journey) and a hash of the weight definitions
    (rule_definition_hash: the rendered weight expressions, so every setting
    they read, and the list of models). A build over an existing table
    reweights the journeys whose stored pair differs from the journey's
    current journey_built_by and this build's hash (rewritten journeys, new
    ones, all of them after a settings change, and journeys a failed or
    partial earlier build left unweighted), and rewrites every empty-journey
    row (few, and cheap); the post_hook deletes the rows of opportunities no
    longer attributed. A journey that became empty is replaced by its
    empty-journey row (same key).
    Path transforms (var attribution_path_transforms, docs/path_transforms.md)
    are applied to the journeys being reweighted (attribution_path_transform_ctes,
    as in int_journey_touchpoints_transformed); the list is part of
    rule_definition_hash, so changing it reweights every journey. -#}
{{ config(
    materialized=attribution_incremental_build_materialization(),
    incremental_strategy='delete+insert',
    unique_key='opportunity_id',
    on_schema_change='fail',
    post_hook="{{ attribution_delete_unattributed_weights() }}",
) }}
{%- do attribution_require_stored_columns(['journey_built_by', 'rule_definition_hash']) -%}
{%- set models = attribution_rule_based_models() -%}
{%- set time_decay_from_python = attribution_setting('attribution_time_decay_engine') == 'python' -%}
{%- set double = attribution_type_double() -%}
{%- set weight_columns = [] -%}
{%- set unit_weights = [] -%}
{%- for model_name in models -%}
    {%- if model_name == 'time_decay' and time_decay_from_python -%}
        {%- do weight_columns.append('cast(time_decay_weights.attribution_weight as ' ~ double ~ ') as weight_time_decay') -%}
    {%- else -%}
        {#- Joined with the Python time-decay weights, the journey key needs its CTE's name. -#}
        {%- do weight_columns.append(attribution_rule_weight(model_name,
            partition_by='positioned.opportunity_id' if time_decay_from_python else 'opportunity_id')
            ~ ' as weight_' ~ model_name) -%}
    {%- endif -%}
    {%- do unit_weights.append('cast(1 as ' ~ double ~ ') as weight_' ~ model_name) -%}
{%- endfor -%}
{%- set definition_parts = [models | join(','), attribution_last_non_direct_position()] + weight_columns -%}
{%- if time_decay_from_python -%}
    {%- do definition_parts.append('python half-life ' ~ attribution_setting('attribution_half_life_days')) -%}
{%- endif -%}
{%- set transforms = attribution_path_transforms() -%}
{%- if transforms -%}
    {%- do definition_parts.append('path transforms ' ~ (transforms | tojson)) -%}
{%- endif -%}
{%- set definition_hash = local_md5(definition_parts | join('\n')) -%}

with

all_journeys as (

    select * from {{ ref('int_journey_touchpoints_ordered') }}

),

journey_opportunities as (

    {#- One row per non-empty journey. -#}
    select
        opportunity_id,
        journey_built_by
    from all_journeys
    where touch_position = 1

),

{% if is_incremental() -%}
    stored_weights as (

        select distinct
            opportunity_id,
            journey_built_by,
            rule_definition_hash
        from {{ this }}
        where touchpoint_id is not null

    ),

    reweighted as (

        select journey_opportunities.opportunity_id
        from journey_opportunities
        left join stored_weights
            on
                journey_opportunities.opportunity_id = stored_weights.opportunity_id
                and journey_opportunities.journey_built_by = stored_weights.journey_built_by
                and stored_weights.rule_definition_hash = '{{ definition_hash }}'
        where stored_weights.opportunity_id is null

    ),

    journeys as (

        select all_journeys.*
        from all_journeys
        inner join reweighted
            on all_journeys.opportunity_id = reweighted.opportunity_id

    ),
{%- else -%}
    journeys as (

        select * from all_journeys

    ),
{%- endif %}

opportunities as (

    select * from {{ ref('int_opportunities_prepared') }}
    where is_attributed

),

{% if time_decay_from_python -%}
    time_decay_weights as (

        select * from {{ ref('int_touchpoints_weighted_time_decay_py') }}

    ),
{%- endif %}

{% if transforms -%}
    {{ attribution_path_transform_ctes('journeys', attribution_path_transform_columns() + ['journey_built_by']) }},
{%- endif %}

positioned as (

    select
        *,
        {{ attribution_last_non_direct_position() }} as last_non_direct_position
    from {{ 'path_transformed' if transforms else 'journeys' }}

),

weighted as (

    select
        positioned.opportunity_id,
        positioned.touchpoint_id,
        positioned.channel,
        {{ weight_columns | join(',\n        ') }},
        positioned.journey_built_by,
        '{{ definition_hash }}' as rule_definition_hash
    from positioned
    {% if time_decay_from_python -%}
        inner join time_decay_weights
            on
                positioned.opportunity_id = time_decay_weights.opportunity_id
                and positioned.touchpoint_id = time_decay_weights.touchpoint_id
    {%- endif %}

),

empty_journeys as (

    select
        opportunities.opportunity_id,
        cast(null as {{ dbt.type_string() }}) as touchpoint_id,
        cast(null as {{ dbt.type_string() }}) as channel,
        {{ unit_weights | join(',\n        ') }},
        cast(null as {{ dbt.type_string() }}) as journey_built_by,
        '{{ definition_hash }}' as rule_definition_hash
    from opportunities
    left join journey_opportunities
        on opportunities.opportunity_id = journey_opportunities.opportunity_id
    where journey_opportunities.opportunity_id is null

),

final as (

    select * from weighted
    union all
    select * from empty_journeys

)

select * from final
