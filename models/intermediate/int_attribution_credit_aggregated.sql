{#- The attribution hub summed for the marts: one row per attribution model x
    channel x channel_group x team x campaign x touch month x close month x
    outcome, with the weights, pipeline and revenue credited there. One pass
    over the journey touches (int_journey_rule_weights with the data-driven
    shares of int_journey_channel_shares, the weights of fct_attribution_weights),
    summed in wide form, then unpivoted: the long result is small. The sums
    are decimals (attribution_sum with as_decimal): a mart that adds them up
    with attribution_sum gets exactly the total of the per-touch terms
    (weight, weight x amount, weight x won amount) it would get from
    fct_attributed_touchpoints. An empty journey counts under channel, group
    and team `(unattributed)`, no campaign, in the month its opportunity was
    created. touch_month is the month of the credited touch (else the
    opportunity's creation); close_month the month the opportunity closed
    (open ones: its creation). -#}
{%- set models = attribution_models_built() -%}
{%- set rule_models = attribution_rule_based_models() -%}
{%- set double = attribution_type_double() -%}
{%- set keys = ['channel', 'channel_group', 'team', 'campaign_id', 'touch_month', 'close_month', 'is_won'] -%}
{%- set measures = {
    'weight': 'attributed_opportunities', 'pipeline': 'attributed_pipeline', 'revenue': 'attributed_revenue'
} -%}
{%- set weight_columns = [] -%}
{%- set sum_columns = [] -%}
{%- set measure_columns = [] -%}
{%- for model_name in models -%}
    {%- if model_name in rule_models -%}
        {%- do weight_columns.append('rule_weights.weight_' ~ model_name ~ ' as weight_' ~ model_name) -%}
    {%- else -%}
        {%- do weight_columns.append(
            'case when rule_weights.touchpoint_id is null then cast(1 as ' ~ double ~ ') else '
            ~ attribution_channel_touch_weight('channel_shares.share_' ~ model_name, 'channel_shares.channel_touch_count')
            ~ ' end as weight_' ~ model_name) -%}
    {%- endif -%}
    {%- do sum_columns.append(attribution_sum('weight_' ~ model_name, as_decimal=true) ~ ' as weight_' ~ model_name) -%}
    {%- do sum_columns.append(
        attribution_sum('weight_' ~ model_name ~ ' * amount', as_decimal=true) ~ ' as pipeline_' ~ model_name) -%}
    {%- do sum_columns.append(
        attribution_sum('weight_' ~ model_name ~ ' * won_amount', as_decimal=true) ~ ' as revenue_' ~ model_name) -%}
{%- endfor -%}
{%- for measure, column in measures.items() -%}
    {%- set cases = [] -%}
    {%- for model_name in models -%}
        {%- do cases.append("when '" ~ model_name ~ "' then summed." ~ measure ~ '_' ~ model_name) -%}
    {%- endfor -%}
    {%- do measure_columns.append(
        'case attribution_models.attribution_model ' ~ (cases | join(' ')) ~ ' end as ' ~ column) -%}
{%- endfor -%}

with

rule_weights as (

    select * from {{ ref('int_journey_rule_weights') }}

),

channel_shares as (

    select * from {{ ref('int_journey_channel_shares') }}

),

journeys as (

    select * from {{ ref('int_journey_touchpoints_ordered') }}

),

opportunities as (

    select * from {{ ref('int_opportunities_prepared') }}
    where is_attributed

),

touches as (

    select
        coalesce(rule_weights.channel, '(unattributed)') as channel,
        coalesce(journeys.channel_group, '(unattributed)') as channel_group,
        coalesce(journeys.team, '(unattributed)') as team,
        journeys.campaign_id,
        cast(
            {{ dbt.date_trunc('month', 'coalesce(journeys.touchpoint_at, opportunities.created_at)') }} as date
        ) as touch_month,
        cast(
            {{ dbt.date_trunc('month', 'coalesce(opportunities.closed_at, opportunities.created_at)') }} as date
        ) as close_month,
        opportunities.is_won,
        opportunities.amount,
        opportunities.won_amount,
        {{ weight_columns | join(',\n        ') }}
    from rule_weights
    inner join opportunities
        on rule_weights.opportunity_id = opportunities.opportunity_id
    left join journeys
        on
            rule_weights.opportunity_id = journeys.opportunity_id
            and rule_weights.touchpoint_id = journeys.touchpoint_id
    left join channel_shares
        on
            rule_weights.opportunity_id = channel_shares.opportunity_id
            and rule_weights.channel = channel_shares.channel

),

summed as (

    select
        {{ keys | join(',\n        ') }},
        {{ sum_columns | join(',\n        ') }}
    from touches
    group by {{ keys | join(', ') }}

),

attribution_models as (

    {% for model_name in models %}
        select cast('{{ model_name }}' as {{ dbt.type_string() }}) as attribution_model
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

unpivoted as (

    select
        attribution_models.attribution_model,
        summed.{{ keys | join(',\n        summed.') }},
        {{ measure_columns | join(',\n        ') }}
    from summed
    cross join attribution_models

)

select * from unpivoted
