{#- Salesforce Account -> the contract's accounts (text). Website becomes the
    domain (staging normalises it: scheme, www. and path dropped). -#}
with

accounts as (

    select * from {{ ref('stg_salesforce__account') }}

),

final as (

    select
        id as account_id,
        name as account_name,
        website as domain,
        industry,
        number_of_employees as employee_count,
        {{ attribution_source_timestamp_text('created_date') }} as created_at
    from accounts

)

select * from final
