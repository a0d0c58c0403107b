{{ config(materialized='view') }}
{#- Every rule-based model's weights, one row per attribution_model x
    opportunity x journey touchpoint. An attributed opportunity with an empty
    journey gets one row per model with no touchpoint, channel
    `(unattributed)` and weight 1, so attributed totals always reconcile.
    var attribution_time_decay_engine chooses the SQL or Python time_decay. -#}
{%- set engine = var('attribution_time_decay_engine') -%}
{%- if engine not in ('sql', 'python') -%}
    {{ exceptions.raise_compiler_error(
        "var attribution_time_decay_engine must be 'sql' or 'python', got '" ~ engine ~ "'") }}
{%- endif -%}
{%- set models = ['first_touch', 'lead_creation', 'opportunity_creation', 'last_touch', 'last_non_direct',
    'linear', 'position_based', 'j_shaped', 'inverse_j', 'u_shaped', 'w_shaped', 'full_path', 'time_decay'] -%}

with

single_touch_weights as (

    select * from {{ ref('int_touchpoints_weighted_single_touch') }}

),

positional_weights as (

    select * from {{ ref('int_touchpoints_weighted_positional') }}

),

milestone_weights as (

    select * from {{ ref('int_touchpoints_weighted_milestone') }}

),

time_decay_weights as (

    select * from {{ ref('int_touchpoints_weighted_time_decay_py' if engine == 'python' else 'int_touchpoints_weighted_time_decay') }}

),

opportunities as (

    select * from {{ ref('int_opportunities_prepared') }}
    where is_attributed

),

journey_opportunities as (

    select distinct opportunity_id from {{ ref('int_journey_touchpoints_ordered') }}

),

attribution_models as (

    {% for model_name in models %}
        select '{{ model_name }}' as attribution_model
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

unattributed as (

    select
        attribution_models.attribution_model,
        opportunities.opportunity_id,
        cast(null as {{ dbt.type_string() }}) as touchpoint_id,
        cast(1 as {{ attribution_type_double() }}) as attribution_weight
    from opportunities
    cross join attribution_models
    left join journey_opportunities
        on opportunities.opportunity_id = journey_opportunities.opportunity_id
    where journey_opportunities.opportunity_id is null

),

unioned as (

    select * from single_touch_weights
    union all
    select * from positional_weights
    union all
    select * from milestone_weights
    union all
    select
        cast(attribution_model as {{ dbt.type_string() }}) as attribution_model,
        cast(opportunity_id as {{ dbt.type_string() }}) as opportunity_id,
        cast(touchpoint_id as {{ dbt.type_string() }}) as touchpoint_id,
        cast(attribution_weight as {{ attribution_type_double() }}) as attribution_weight
    from time_decay_weights
    union all
    select * from unattributed

)

select * from unioned
