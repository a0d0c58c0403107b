{#- The data-driven half of the attribution hub: one row per attributed
    opportunity x channel of its journey, with the channel's touch count and,
    per data-driven model built (attribution_data_driven_models), the
    channel's share of the journey. Every data-driven weight is that share
    split equally over the channel's touches (SPEC section 5), so
    fct_attribution_weights gives each touch share / channel_touch_count.
    Each model follows its engine var: the SQL engine's credit (removal
    effect, clipped Shapley value, clipped probability drop) normalised with
    attribution_channel_share, the formula of its weight view, linear when
    the journey's credits are all 0; the Python engine's touch weights summed
    per channel. Rebuilt on every run: the shares depend on every journey
    (the chain, the game and the fit are learnt from all of them). -#}
{%- set models = attribution_data_driven_models() -%}
{%- set engines = {
    'markov': attribution_markov_engine(),
    'shapley': attribution_setting('attribution_shapley_engine'),
    'incremental': 'sql',
} -%}
{%- set python_models = {'markov': 'int_touchpoints_weighted_markov_py', 'shapley': 'int_touchpoints_weighted_shapley_py'} -%}
{%- set sql_models = [] -%}
{%- for model_name in models if engines[model_name] == 'sql' -%}
    {%- do sql_models.append(model_name) -%}
{%- endfor -%}
{#- The column lists below, one entry per model. -#}
{%- set sql_credits = {
    'markov': 'coalesce(removal_effects.' ~ attribution_markov_removal_effect_column() ~ ', 0)',
    'shapley': attribution_clipped_credit('channel_values.shapley_value'),
    'incremental': attribution_clipped_credit('scored.probability_drop'),
} -%}
{%- set credit_columns = [] -%}
{%- set journey_credit_columns = [] -%}
{%- set share_columns = [] -%}
{%- for model_name in models -%}
    {%- if model_name in sql_models -%}
        {%- do credit_columns.append(sql_credits[model_name] ~ ' as credit_' ~ model_name) -%}
        {%- do journey_credit_columns.append(
            attribution_sum('credit_' ~ model_name, over='partition by opportunity_id')
            ~ ' as journey_credit_' ~ model_name) -%}
        {%- set share = attribution_channel_share(
            'credit_' ~ model_name, 'journey_credit_' ~ model_name, 'channel_touch_count', 'touch_count') -%}
    {%- else -%}
        {%- do credit_columns.append(
            model_name ~ '_python_shares.channel_share as python_share_' ~ model_name) -%}
        {%- set share = 'python_share_' ~ model_name -%}
    {%- endif -%}
    {%- do share_columns.append(
        'cast(' ~ share ~ ' as ' ~ attribution_type_double() ~ ') as share_' ~ model_name) -%}
{%- endfor -%}

with

journeys as (

    select * from {{ ref('int_journey_touchpoints_ordered') }}

),

{% if 'markov' in sql_models -%}
    removal_effects as (

        select * from {{ ref('int_markov_removal_effects') }}

    ),
{%- endif %}

{% if 'shapley' in sql_models -%}
    journey_sets as (

        select * from {{ ref('int_journey_channel_sets') }}

    ),

    channel_values as (

        select * from {{ ref('int_shapley_channel_values') }}

    ),
{%- endif %}

{% if 'incremental' in sql_models -%}
    scored as (

        select * from {{ ref('int_incremental_probabilities_scored') }}

    ),
{%- endif %}

{% for model_name in models if model_name not in sql_models %}
    {{ model_name }}_python_shares as (

        {#- The Python engine's touch weights, summed per channel of the journey. -#}
        select
            journeys.opportunity_id,
            journeys.channel,
            {{ attribution_sum('python_weights.attribution_weight') }} as channel_share
        from {{ ref(python_models[model_name]) }} as python_weights
        inner join journeys
            on
                python_weights.opportunity_id = journeys.opportunity_id
                and python_weights.touchpoint_id = journeys.touchpoint_id
        group by journeys.opportunity_id, journeys.channel

    ),
{% endfor %}

journey_channels as (

    select
        opportunity_id,
        channel,
        count(*) as channel_touch_count,
        max(touch_count) as touch_count
    from journeys
    group by opportunity_id, channel

),

credited as (

    select
        journey_channels.opportunity_id,
        journey_channels.channel,
        journey_channels.channel_touch_count,
        journey_channels.touch_count,
        {{ credit_columns | join(',\n        ') }}
    from journey_channels
    {% if 'markov' in sql_models -%}
        left join removal_effects
            on journey_channels.channel = removal_effects.channel
    {% endif -%}
    {% if 'shapley' in sql_models -%}
        left join journey_sets
            on journey_channels.opportunity_id = journey_sets.opportunity_id
        left join channel_values
            on
                journey_sets.channel_set = channel_values.channel_set
                and journey_channels.channel = channel_values.channel
    {% endif -%}
    {% if 'incremental' in sql_models -%}
        left join scored
            on
                journey_channels.opportunity_id = scored.opportunity_id
                and journey_channels.channel = scored.channel
    {% endif -%}
    {% for model_name in models if model_name not in sql_models -%}
        left join {{ model_name }}_python_shares
            on
                journey_channels.opportunity_id = {{ model_name }}_python_shares.opportunity_id
                and journey_channels.channel = {{ model_name }}_python_shares.channel
    {% endfor %}

),

normalised as (

    select
        *{{ ',' if journey_credit_columns }}
        {{ journey_credit_columns | join(',\n        ') }}
    from credited

),

final as (

    select
        opportunity_id,
        channel,
        cast(channel_touch_count as bigint) as channel_touch_count,
        {{ share_columns | join(',\n        ') }}
    from normalised

)

select * from final
