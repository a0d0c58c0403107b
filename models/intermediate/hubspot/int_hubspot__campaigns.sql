{#- HubSpot marketing email campaigns -> the contract's campaigns (text), so
    an email click has its campaign. Their channel is email (a campaign
    channel override). HubSpot's email_campaign holds no dates, cost or offer
    type: those stay empty (spend comes from ad_spend.csv beside the HubSpot
    tables, when there is one). -#}
with

email_campaigns as (

    select * from {{ ref('stg_hubspot__email_campaign') }}

),

final as (

    select
        id as campaign_id,
        coalesce(name, subject) as campaign_name,
        'email' as channel,
        cast(null as {{ dbt.type_string() }}) as offer_type,
        cast(null as {{ dbt.type_string() }}) as started_at,
        cast(null as {{ dbt.type_string() }}) as ended_at,
        cast(null as {{ dbt.type_string() }}) as actual_cost,
        cast(null as {{ dbt.type_string() }}) as currency
    from email_campaigns

)

select * from final
