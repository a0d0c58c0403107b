{#- The rule-based half of the attribution hub: one row per attributed
    opportunity x journey touch with one weight column per rule-based model
    (attribution_rule_based_models), computed in one pass over the journeys
    with the formulas of the per-family weight views (attribution_rule_weight).
    An attributed opportunity with an empty journey gets one row with no
    touchpoint and no channel, and weight 1 in every column. With var
    attribution_time_decay_engine = python, weight_time_decay comes from
    int_touchpoints_weighted_time_decay_py. Every column depends on the
    journey's content only (no build clock), so a journey that does not
    change keeps its row. -#}
{%- set models = attribution_rule_based_models() -%}
{%- set time_decay_from_python = attribution_setting('attribution_time_decay_engine') == 'python' -%}
{%- set double = attribution_type_double() -%}
{%- set weight_columns = [] -%}
{%- set unit_weights = [] -%}
{%- for model_name in models -%}
    {%- if model_name == 'time_decay' and time_decay_from_python -%}
        {%- do weight_columns.append('cast(time_decay_weights.attribution_weight as ' ~ double ~ ') as weight_time_decay') -%}
    {%- else -%}
        {%- do weight_columns.append(attribution_rule_weight(model_name) ~ ' as weight_' ~ model_name) -%}
    {%- endif -%}
    {%- do unit_weights.append('cast(1 as ' ~ double ~ ') as weight_' ~ model_name) -%}
{%- endfor -%}

with

journeys as (

    select * from {{ ref('int_journey_touchpoints_ordered') }}

),

opportunities as (

    select * from {{ ref('int_opportunities_prepared') }}
    where is_attributed

),

{% if time_decay_from_python -%}
    time_decay_weights as (

        select * from {{ ref('int_touchpoints_weighted_time_decay_py') }}

    ),
{%- endif %}

positioned as (

    select
        *,
        {{ attribution_last_non_direct_position() }} as last_non_direct_position
    from journeys

),

weighted as (

    select
        positioned.opportunity_id,
        positioned.touchpoint_id,
        positioned.channel,
        {{ weight_columns | join(',\n        ') }}
    from positioned
    {% if time_decay_from_python -%}
        inner join time_decay_weights
            on
                positioned.opportunity_id = time_decay_weights.opportunity_id
                and positioned.touchpoint_id = time_decay_weights.touchpoint_id
    {%- endif %}

),

journey_opportunities as (

    select distinct opportunity_id from journeys

),

empty_journeys as (

    select
        opportunities.opportunity_id,
        cast(null as {{ dbt.type_string() }}) as touchpoint_id,
        cast(null as {{ dbt.type_string() }}) as channel,
        {{ unit_weights | join(',\n        ') }}
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
