{#- HubSpot companies -> the contract's accounts (text). The domain is the
    company's domain property (HubSpot keeps it bare), else its website
    (staging normalises either: scheme, www. and path dropped). -#}
with

companies as (

    select * from {{ ref('stg_hubspot__company') }}

),

final as (

    select
        id as account_id,
        property_name as account_name,
        coalesce(property_domain, property_website) as domain,
        property_industry as industry,
        property_numberofemployees as employee_count,
        {{ attribution_source_timestamp_text('property_createdate') }} as created_at
    from companies

)

select * from final
