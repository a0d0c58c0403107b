{#- One row per accepted account with its count of accepted contacts, for
    dim_accounts (the marts read intermediate models only, never staging). -#}
{{ config(materialized='view') }}

with

accounts as (

    select * from {{ ref('stg_crm__accounts') }}

),

contacts as (

    select
        account_id,
        count(*) as contact_count
    from {{ ref('stg_crm__contacts') }}
    group by account_id

),

final as (

    select
        accounts.*,
        coalesce(contacts.contact_count, 0) as contact_count
    from accounts
    left join contacts
        on accounts.account_id = contacts.account_id

)

select * from final
