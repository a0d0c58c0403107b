{#- Accepted ad spend in the reporting currency, classified into a channel
    like a touchpoint with the same UTM source and medium (or the channel its
    campaign overrides). -#}
with

accepted as (

    select * from {{ ref('base_marketing__ad_spend') }}
    where rejection_reason is null

),

classifications as (

    select * from {{ ref('stg_marketing__channel_classifications') }}
    where
        touchpoint_type is null
        and referrer_domain is null

),

channel_defaults as (

    select * from {{ ref('stg_marketing__channel_defaults') }}

),

campaigns as (

    select * from {{ ref('stg_crm__campaigns') }}

),

final as (

    select
        {{ dbt.hash('accepted.raw_row') }} as ad_spend_id,
        accepted.spend_date,
        accepted.utm_source,
        accepted.utm_medium,
        accepted.utm_campaign,
        accepted.campaign_id,
        accepted.amount as amount_original,
        accepted.currency as currency_original,
        accepted.amount_reporting as amount,
        {{ attribution_channel_columns('campaigns', 'channel_defaults', 'classifications') }}
    from accepted
    left join classifications
        on
            accepted.utm_source is not distinct from classifications.utm_source
            and accepted.utm_medium is not distinct from classifications.utm_medium
    left join campaigns
        on accepted.campaign_id = campaigns.campaign_id
    left join channel_defaults
        on campaigns.channel_override = channel_defaults.channel

)

select * from final
