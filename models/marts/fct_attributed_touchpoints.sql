{{ config(materialized='view') }}
{#- The attribution fact (SPEC section 6): one row per attribution model x
    opportunity x journey touchpoint, with the touch's weight and its share of
    the opportunity's pipeline and (for won deals) revenue in the reporting
    currency. Empty journeys appear once per model as `(unattributed)`.
    A view: the wide hub fct_attribution_weights (one row per journey touch,
    one weight column per model) joined once to the journey and the
    opportunity, then unpivoted to one row per model. Nothing is stored
    twice; the marts aggregate the hub (int_attribution_credit_aggregated). -#}
{%- set models = attribution_models_built() -%}
{%- set weight_columns = [] -%}
{%- for model_name in models -%}
    {%- do weight_columns.append('weights.weight_' ~ model_name) -%}
{%- endfor -%}

with

weights as (

    select * from {{ ref('fct_attribution_weights') }}

),

journeys as (

    select * from {{ ref('int_journey_touchpoints_ordered') }}

),

opportunities as (

    select * from {{ ref('int_opportunities_prepared') }}
    where is_attributed

),

attribution_models as (

    {% for model_name in models %}
        select cast('{{ model_name }}' as {{ dbt.type_string() }}) as attribution_model
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

touches as (

    {#- The hub joined once to the journey and the opportunity (one row per journey touch). #}
    select
        weights.opportunity_id,
        weights.touchpoint_id,
        opportunities.account_id,
        opportunities.opportunity_type,
        opportunities.amount,
        opportunities.won_amount,
        opportunities.is_won,
        opportunities.is_closed,
        journeys.contact_id,
        journeys.touchpoint_at,
        journeys.touchpoint_type,
        journeys.campaign_id,
        journeys.touch_count,
        {{ weight_columns | join(',\n        ') }},
        cast(journeys.touch_position as bigint) as touch_position,
        coalesce(weights.channel, '(unattributed)') as channel,
        coalesce(journeys.channel_group, '(unattributed)') as channel_group,
        coalesce(journeys.team, '(unattributed)') as team,
        coalesce(journeys.has_unknown_campaign, false) as has_unknown_campaign
    from weights
    inner join opportunities
        on weights.opportunity_id = opportunities.opportunity_id
    left join journeys
        on
            weights.opportunity_id = journeys.opportunity_id
            and weights.touchpoint_id = journeys.touchpoint_id

),

unpivoted as (

    select
        touches.*,
        attribution_models.attribution_model,
        case attribution_models.attribution_model
            {% for model_name in models -%}
                when '{{ model_name }}' then touches.weight_{{ model_name }}
            {% endfor -%}
        end as attribution_weight
    from touches
    cross join attribution_models

),

credited as (

    select
        *,
        attribution_weight * amount as attributed_pipeline,
        attribution_weight * won_amount as attributed_revenue
    from unpivoted

),

final as (

    {#- The columns in the order of the contract (models/marts/_marts__models.yml). #}
    select
        attribution_model,
        opportunity_id,
        account_id,
        opportunity_type,
        touchpoint_id,
        contact_id,
        touchpoint_at,
        touchpoint_type,
        channel,
        channel_group,
        team,
        campaign_id,
        has_unknown_campaign,
        touch_position,
        touch_count,
        attribution_weight,
        attributed_pipeline,
        attributed_revenue,
        is_won,
        is_closed
    from credited

)

select * from final
