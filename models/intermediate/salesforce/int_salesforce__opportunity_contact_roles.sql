{#- Salesforce OpportunityContactRole -> the contract's opportunity_contact_roles (text). -#}
with

roles as (

    select * from {{ ref('stg_salesforce__opportunity_contact_role') }}

),

final as (

    select
        opportunity_id,
        contact_id,
        role,
        is_primary
    from roles

)

select * from final
