{#- Touchpoints, typed and classified into channel, channel_group and team.
    In order:
      1. the channel their campaign overrides (campaigns.channel);
      2. the first matching rule of the channel_rules seed
         (stg_marketing__channel_classifications; a `direct` rule matches
         only web touchpoint types);
      3. a touch whose type comes from the CRM (origin `crm` in the
         touchpoint_types seed) that no rule classifies takes the channel of
         its campaign's offer type (offer_type_channels seed), else
         `other_crm`: a CRM touch is never `direct`;
      4. else `other`.
    has_unknown_campaign flags a campaign_id that is no accepted campaign:
    the touch is kept, its campaign cannot give it a channel.
    Incremental builds (docs/incremental_builds.md): on DuckDB the table is
    materialized='incremental' (delete+insert on touchpoint_id). Every row
    stores the base row's build (raw_built_by), a fingerprint of everything
    classification reads besides the touch (classification_fingerprint: the
    channel_rules, touchpoint_types and offer_type_channels seeds, the
    campaigns' channel overrides and offer types, this model's code) and the
    invocation that wrote it (touch_built_by). A build over an existing table
    classifies the accepted touches whose base row was revalidated since
    (new, changed) and, when the fingerprint changed, every touch; the
    post_hook deletes the touches no longer accepted. A new combination of
    classified fields changes no stored touch: a combination's channel
    depends on the rules only. -#}
{{ config(
    materialized=attribution_incremental_build_materialization(),
    incremental_strategy='delete+insert',
    unique_key='touchpoint_id',
    on_schema_change='fail',
    post_hook="{{ attribution_delete_unaccepted_touches() }}",
) }}
{%- do attribution_require_stored_columns(['raw_built_by', 'classification_fingerprint', 'touch_built_by']) -%}
{%- set code_hash = local_md5(model.raw_code if model is mapping and model.raw_code else '') -%}

with

rule_rows as (

    {{ attribution_relation_fingerprint(ref('channel_rules'), [
        'rule_order', 'touchpoint_type', 'utm_source', 'utm_medium', 'referrer_domain', 'channel',
        'channel_group', 'team',
    ]) }}

),

type_rows as (

    {{ attribution_relation_fingerprint(ref('touchpoint_types'), ['touchpoint_type', 'origin']) }}

),

offer_rows as (

    {{ attribution_relation_fingerprint(ref('offer_type_channels'), ['offer_type', 'channel']) }}

),

campaign_rows as (

    {{ attribution_relation_fingerprint(ref('stg_crm__campaigns'), ['campaign_id', 'channel_override', 'offer_type']) }}

),

fingerprints as (

    {#- Everything classification reads besides the touch itself. -#}
    select
        {{ dbt.concat([
            'rule_rows.fingerprint', "'|'", 'type_rows.fingerprint', "'|'", 'offer_rows.fingerprint', "'|'",
            'campaign_rows.fingerprint', "'|" ~ code_hash ~ "'",
        ]) }} as classification_fingerprint
    from rule_rows
    cross join type_rows
    cross join offer_rows
    cross join campaign_rows

),

current_touches as (

    {#- The stored touches classified from their current base row under the current
        fingerprint (none in a full build). -#}
    select
        stored_touches.touchpoint_id,
        stored_touches.raw_built_by
    {% if is_incremental() -%}
        from {{ this }} as stored_touches
        inner join fingerprints
            on stored_touches.classification_fingerprint = fingerprints.classification_fingerprint
    {%- else -%}
        from (
            select
                cast(null as {{ dbt.type_string() }}) as touchpoint_id,
                cast(null as {{ dbt.type_string() }}) as raw_built_by
            from fingerprints
            where 1 = 0
        ) as stored_touches
    {%- endif %}

),

accepted as (

    select base_touchpoints.*
    from {{ ref('base_marketing__touchpoints') }} as base_touchpoints
    left join current_touches
        on
            base_touchpoints.touchpoint_id = current_touches.touchpoint_id
            and base_touchpoints.raw_built_by = current_touches.raw_built_by
    where
        base_touchpoints.rejection_reason is null
        and current_touches.touchpoint_id is null

),

classifications as (

    select * from {{ ref('stg_marketing__channel_classifications') }}

),

channel_defaults as (

    select * from {{ ref('stg_marketing__channel_defaults') }}

),

campaigns as (

    select * from {{ ref('stg_crm__campaigns') }}

),

crm_touchpoint_types as (

    select lower(touchpoint_type) as touchpoint_type
    from {{ ref('touchpoint_types') }}
    where lower(origin) = 'crm'

),

offer_type_channels as (

    select
        lower(offer_type) as offer_type,
        lower(channel) as channel
    from {{ ref('offer_type_channels') }}

),

derived as (

    {#- Everything but the campaign override: the rule's channel, else for a
        CRM touch its campaign's offer type's, else `other_crm`. -#}
    select
        accepted.touchpoint_id,
        accepted.occurred_at,
        accepted.contact_id,
        accepted.email,
        {{ attribution_email_domain('accepted.email') }} as email_domain,
        accepted.account_id,
        accepted.touchpoint_type,
        accepted.utm_source,
        accepted.utm_medium,
        accepted.utm_campaign,
        accepted.campaign_id,
        campaigns.campaign_id is not null as has_known_campaign,
        accepted.campaign_id is not null and campaigns.campaign_id is null as has_unknown_campaign,
        accepted.referrer_domain,
        accepted.sales_rep_name,
        accepted.raw_built_by,
        classifications.channel_rule_order,
        campaigns.channel_override,
        case
            when campaigns.channel_override is not null then 'campaign_override'
            when classifications.channel_rule_order is not null then 'rule'
            when crm_touchpoint_types.touchpoint_type is not null and offer_type_channels.channel is not null
                then 'campaign_offer_type'
            when crm_touchpoint_types.touchpoint_type is not null then 'crm_fallback'
            else 'no_match'
        end as channel_source,
        case
            when classifications.channel_rule_order is not null then classifications.channel
            when crm_touchpoint_types.touchpoint_type is not null
                then coalesce(offer_type_channels.channel, 'other_crm')
        end as channel,
        case
            when classifications.channel_rule_order is not null then classifications.channel_group
            when crm_touchpoint_types.touchpoint_type is not null
                then coalesce(offer_defaults.channel_group, 'other')
        end as channel_group,
        case
            when classifications.channel_rule_order is not null then classifications.team
            when crm_touchpoint_types.touchpoint_type is not null
                then coalesce(offer_defaults.team, 'marketing')
        end as team
    from accepted
    left join classifications
        on
            accepted.touchpoint_type is not distinct from classifications.touchpoint_type
            and accepted.utm_source is not distinct from classifications.utm_source
            and accepted.utm_medium is not distinct from classifications.utm_medium
            and accepted.referrer_domain is not distinct from classifications.referrer_domain
    left join crm_touchpoint_types
        on accepted.touchpoint_type = crm_touchpoint_types.touchpoint_type
    left join campaigns
        on accepted.campaign_id = campaigns.campaign_id
    left join offer_type_channels
        on campaigns.offer_type = offer_type_channels.offer_type
    left join channel_defaults as offer_defaults
        on offer_type_channels.channel = offer_defaults.channel

),

classified as (

    {#- The campaign override, when set, wins over the derived channel. -#}
    select
        derived.touchpoint_id,
        derived.occurred_at,
        derived.contact_id,
        derived.email,
        derived.email_domain,
        derived.account_id,
        derived.touchpoint_type,
        derived.utm_source,
        derived.utm_medium,
        derived.utm_campaign,
        derived.campaign_id,
        derived.has_known_campaign,
        derived.has_unknown_campaign,
        derived.referrer_domain,
        derived.sales_rep_name,
        derived.channel_rule_order,
        derived.channel_override,
        derived.channel_source,
        {{ attribution_channel_columns('derived', 'channel_defaults', 'derived') }},
        derived.raw_built_by,
        fingerprints.classification_fingerprint,
        '{{ invocation_id }}' as touch_built_by
    from derived
    left join channel_defaults
        on derived.channel_override = channel_defaults.channel
    cross join fingerprints

)

select * from classified
