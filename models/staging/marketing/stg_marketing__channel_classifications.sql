{#- Channel rules applied once per distinct combination of the matched fields
    (touchpoint_type, utm_source, utm_medium, referrer_domain) seen in
    touchpoints or ad spend: a few thousand rows, not one per touchpoint, so
    classification scales to tens of millions of touches. Ad spend rows have
    no touchpoint type or referrer. First matching rule (lowest rule_order)
    wins; see the channel_rules seed. Also the default group and team of each
    channel, for campaign overrides. -#}
with

touchpoints as (

    select * from {{ ref('base_marketing__touchpoints') }}
    where rejection_reason is null

),

ad_spend as (

    select * from {{ ref('base_marketing__ad_spend') }}
    where rejection_reason is null

),

channel_rules as (

    select * from {{ ref('channel_rules') }}

),

combinations as (

    select
        touchpoint_type,
        utm_source,
        utm_medium,
        referrer_domain
    from touchpoints

    union

    select
        cast(null as {{ dbt.type_string() }}) as touchpoint_type,
        utm_source,
        utm_medium,
        cast(null as {{ dbt.type_string() }}) as referrer_domain
    from ad_spend

),

matched_rules as (

    select
        combinations.touchpoint_type,
        combinations.utm_source,
        combinations.utm_medium,
        combinations.referrer_domain,
        channel_rules.rule_order,
        channel_rules.channel,
        channel_rules.channel_group,
        channel_rules.team,
        row_number() over (
            partition by
                combinations.touchpoint_type,
                combinations.utm_source,
                combinations.utm_medium,
                combinations.referrer_domain
            order by channel_rules.rule_order
        ) as rule_rank
    from combinations
    inner join channel_rules
        on
            {{ attribution_rule_matches('combinations.touchpoint_type', 'channel_rules.touchpoint_type') }}
            and {{ attribution_rule_matches('combinations.utm_source', 'channel_rules.utm_source') }}
            and {{ attribution_rule_matches('combinations.utm_medium', 'channel_rules.utm_medium') }}
            and {{ attribution_rule_matches('combinations.referrer_domain', 'channel_rules.referrer_domain') }}

),

first_matches as (

    select * from matched_rules
    where rule_rank = 1

),

final as (

    select
        touchpoint_type,
        utm_source,
        utm_medium,
        referrer_domain,
        rule_order as channel_rule_order,
        channel,
        channel_group,
        team
    from first_matches

)

select * from final
