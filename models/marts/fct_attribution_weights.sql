{{ config(materialized='view') }}
{#- The attribution hub: one row per attributed opportunity x journey touch
    (and one row with no touchpoint for an empty journey), with one weight
    column per attribution model built. Rule-based weights come from
    int_journey_rule_weights; a data-driven model's weight is the channel's
    share of the journey (int_journey_channel_shares) split equally over the
    channel's touches. An empty journey weighs 1 under every model. -#}
{%- set rule_models = attribution_rule_based_models() -%}
{%- set data_driven_models = attribution_data_driven_models() -%}
{%- set double = attribution_type_double() -%}
{%- set weight_columns = [] -%}
{%- for model_name in rule_models -%}
    {%- do weight_columns.append('rule_weights.weight_' ~ model_name) -%}
{%- endfor -%}
{%- for model_name in data_driven_models -%}
    {%- do weight_columns.append(
        'case when rule_weights.touchpoint_id is null then cast(1 as ' ~ double ~ ') else '
        ~ attribution_channel_touch_weight('channel_shares.share_' ~ model_name, 'channel_shares.channel_touch_count')
        ~ ' end as weight_' ~ model_name) -%}
{%- endfor -%}

with

rule_weights as (

    select * from {{ ref('int_journey_rule_weights') }}

),

channel_shares as (

    select * from {{ ref('int_journey_channel_shares') }}

),

final as (

    select
        rule_weights.opportunity_id,
        rule_weights.touchpoint_id,
        rule_weights.channel,
        {{ weight_columns | join(',\n        ') }}
    from rule_weights
    left join channel_shares
        on
            rule_weights.opportunity_id = channel_shares.opportunity_id
            and rule_weights.channel = channel_shares.channel

)

select * from final
