with

accepted as (

    select * from {{ ref('base_crm__contacts') }}
    where rejection_reason is null

),

final as (

    select
        contact_id,
        account_id,
        email,
        {{ attribution_email_domain('email') }} as email_domain,
        job_title,
        created_at,
        lead_source
    from accepted

)

select * from final
