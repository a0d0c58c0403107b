with

accepted as (

    select * from {{ ref('base_crm__opportunity_contact_roles') }}
    where rejection_reason is null

),

final as (

    select
        opportunity_id,
        contact_id,
        role,
        is_primary
    from accepted

)

select * from final
