{{ config(materialized='view') }}
{#- Every attribution model's weights, one row per attribution_model x
    opportunity x journey touchpoint. An attributed opportunity with an empty
    journey gets one row per model with no touchpoint, channel
    `(unattributed)` and weight 1, so attributed totals always reconcile.
    The vars attribution_time_decay_engine, attribution_markov_engine and
    attribution_shapley_engine choose the SQL or Python engine of each. The
    incremental model (its fit is a dbt Python model) is included only where
    the project's Python models run (attribution_models_built()). -#}
{%- set engines = {
    'time_decay': attribution_setting('attribution_time_decay_engine'),
    'markov': attribution_markov_engine(),
    'shapley': attribution_setting('attribution_shapley_engine'),
} -%}
{%- set models = attribution_models_built() -%}
{#- The data-driven and time-decay models: each from its chosen engine's model. -#}
{%- set engine_models = {} -%}
{%- for model_name, engine in engines.items() -%}
    {%- do engine_models.update({model_name: 'int_touchpoints_weighted_' ~ model_name
        ~ ('_py' if engine == 'python' else '')}) -%}
{%- endfor -%}
{%- if 'incremental' in models -%}
    {%- do engine_models.update({'incremental': 'int_touchpoints_weighted_incremental'}) -%}
{%- endif -%}

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

{% for model_name, weights_model in engine_models.items() %}
    {{ model_name }}_weights as (

        select * from {{ ref(weights_model) }}

    ),
{% endfor %}

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
    {% for model_name in engine_models %}
        union all
        select
            cast(attribution_model as {{ dbt.type_string() }}) as attribution_model,
            cast(opportunity_id as {{ dbt.type_string() }}) as opportunity_id,
            cast(touchpoint_id as {{ dbt.type_string() }}) as touchpoint_id,
            cast(attribution_weight as {{ attribution_type_double() }}) as attribution_weight
        from {{ model_name }}_weights
    {% endfor %}
    union all
    select * from unattributed

)

select * from unioned

{# The SQL engine of each model is a parent whichever feeds the marts, so it
   is always built; a Python engine only when its var chooses it (the ref
   above). The Python engines that duplicate a SQL one are no parent
   otherwise, so the production selector (selectors.yml) can leave them and
   their agreement tests out; a plain `dbt build` still builds and checks
   both. #}
-- depends_on: {{ ref('int_touchpoints_weighted_time_decay') }}
-- depends_on: {{ ref('int_touchpoints_weighted_markov') }}
-- depends_on: {{ ref('int_touchpoints_weighted_shapley') }}
