{#- The accepted ad spend rows, for the spend marts. A view over
    stg_marketing__ad_spend: the marts read intermediate models only, never
    staging, so a mart's inputs are all found in one layer. -#}
{{ config(materialized='view') }}

select * from {{ ref('stg_marketing__ad_spend') }}
