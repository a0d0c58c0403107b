with

accepted as (

    select * from {{ ref('base_crm__campaigns') }}
    where rejection_reason is null

),

final as (

    select
        campaign_id,
        campaign_name,
        channel_override,
        offer_type,
        started_at,
        ended_at,
        actual_cost as actual_cost_original,
        currency as currency_original,
        actual_cost_reporting as actual_cost
    from accepted

)

select * from final
