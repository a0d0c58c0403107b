{#- The accepted opportunities as the CRM records them now (stage name, lead
    source, original amount and currency; int_opportunities_prepared holds
    them as of the as-of time), for dim_opportunities. A view over
    stg_crm__opportunities: the marts read intermediate models only, never
    staging, so a mart's inputs are all found in one layer. -#}
{{ config(materialized='view') }}

select * from {{ ref('stg_crm__opportunities') }}
