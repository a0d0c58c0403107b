{#- MetricFlow's day time spine (semantic layer): one row per calendar day
    from 2000-01-01 to 2099-12-31, built from the portable integer series
    int_day_offsets_generated and dbt's cross-database dateadd. MetricFlow
    joins to it for time-based joins and gap filling; nothing else reads it. -#}
{%- set first_day = '2000-01-01' -%}
{%- set day_count = 36525 -%}

with

day_offsets as (

    select * from {{ ref('int_day_offsets_generated') }}
    where day_offset < {{ day_count }}

),

final as (

    select
        cast(
            {{ dbt.dateadd('day', 'day_offset', "cast('" ~ first_day ~ "' as date)") }} as date
        ) as date_day
    from day_offsets

)

select * from final
