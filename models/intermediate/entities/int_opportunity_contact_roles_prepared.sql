{#- The accepted contact roles, for the original-source comparison. A view
    over stg_crm__opportunity_contact_roles: the marts read intermediate
    models only, never staging, so a mart's inputs are all found in one layer. -#}
{{ config(materialized='view') }}

select * from {{ ref('stg_crm__opportunity_contact_roles') }}
