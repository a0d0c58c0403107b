{#- Channel rules applied once per distinct combination of the matched fields
    (touchpoint_type, utm_source, utm_medium, referrer_domain) seen in
    touchpoints or ad spend: a few thousand rows, not one per touchpoint, so
    classification scales to tens of millions of touches. Ad spend rows have
    no touchpoint type or referrer. First matching rule (lowest rule_order)
    wins; see the channel_rules seed.

    A rule that gives the channel `direct` (or the channel group `direct`)
    matches only touchpoint types of origin `web` in the touchpoint_types seed
    (a session on the website): a touch from the CRM, an ad, an email, of an
    unknown type, or an ad spend row without UTMs is never direct, whatever
    the rules seed says; the next matching rule wins instead. -#}
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

    select
        *,
        coalesce(lower(channel) = 'direct' or lower(channel_group) = 'direct', false) as is_direct_rule
    from {{ ref('channel_rules') }}

),

web_touchpoint_types as (

    select lower(touchpoint_type) as touchpoint_type
    from {{ ref('touchpoint_types') }}
    where lower(origin) = 'web'

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
    left join web_touchpoint_types
        on combinations.touchpoint_type = web_touchpoint_types.touchpoint_type
    inner join channel_rules
        on
            {{ attribution_rule_matches('combinations.touchpoint_type', 'channel_rules.touchpoint_type') }}
            and {{ attribution_rule_matches('combinations.utm_source', 'channel_rules.utm_source') }}
            and {{ attribution_rule_matches('combinations.utm_medium', 'channel_rules.utm_medium') }}
            and {{ attribution_rule_matches('combinations.referrer_domain', 'channel_rules.referrer_domain') }}
            and (not channel_rules.is_direct_rule or web_touchpoint_types.touchpoint_type is not null)

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
