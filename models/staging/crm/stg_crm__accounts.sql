with

accepted as (

    select * from {{ ref('base_crm__accounts') }}
    where rejection_reason is null

),

final as (

    select
        account_id,
        account_name,
        domain,
        industry,
        employee_count,
        created_at
    from accepted

)

select * from final
