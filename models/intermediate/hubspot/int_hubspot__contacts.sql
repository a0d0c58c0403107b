{#- HubSpot contacts -> the contract's contacts (text). The account is the
    contact's primary company (associatedcompanyid; empty: staging matches
    the person to an account by its email domain), created_at its createdate,
    the lead source its original source (hs_analytics_source: ORGANIC_SEARCH,
    PAID_SEARCH, ...; seeds/lead_source_channels.csv maps them to channels). -#}
with

contacts as (

    select * from {{ ref('stg_hubspot__contact') }}

),

final as (

    select
        id as contact_id,
        property_associatedcompanyid as account_id,
        property_email as email,
        property_jobtitle as job_title,
        {{ attribution_source_timestamp_text('property_createdate') }} as created_at,
        property_hs_analytics_source as lead_source
    from contacts

)

select * from final
