{#- Every channel of the channel rules with its group and team, for
    dim_channels and the spend marts. A view over
    stg_marketing__channel_defaults: the marts read intermediate models only,
    never staging, so a mart's inputs are all found in one layer. -#}
{{ config(materialized='view') }}

select * from {{ ref('stg_marketing__channel_defaults') }}
