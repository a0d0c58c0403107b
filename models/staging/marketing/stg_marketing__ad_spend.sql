with

accepted as (

    select * from {{ ref('base_marketing__ad_spend') }}
    where rejection_reason is null

),

final as (

    select
        {{ dbt.hash('raw_row') }} as ad_spend_id,
        spend_date,
        utm_source,
        utm_medium,
        utm_campaign,
        campaign_id,
        amount as amount_original,
        currency as currency_original,
        amount_reporting as amount
    from accepted

)

select * from final
