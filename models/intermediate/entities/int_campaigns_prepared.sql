{#- The accepted campaigns, for the spend and campaign marts. A view over
    stg_crm__campaigns: the marts read intermediate models only, never
    staging, so a mart's inputs are all found in one layer. -#}
{{ config(materialized='view') }}

select * from {{ ref('stg_crm__campaigns') }}
