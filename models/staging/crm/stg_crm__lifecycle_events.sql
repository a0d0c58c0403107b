with

accepted as (

    select * from {{ ref('base_crm__lifecycle_events') }}
    where rejection_reason is null

),

final as (

    select
        {{ dbt.concat(["contact_id", "'|'", "stage", "'|'", dbt.cast("occurred_at", dbt.type_string())]) }}
            as lifecycle_event_id,
        contact_id,
        stage,
        occurred_at
    from accepted

)

select * from final
