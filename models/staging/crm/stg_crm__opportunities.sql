with

accepted as (

    select * from {{ ref('base_crm__opportunities') }}
    where rejection_reason is null

),

final as (

    select
        opportunity_id,
        account_id,
        created_at,
        expected_close_at,
        is_closed,
        is_won,
        amount as amount_original,
        currency as currency_original,
        rate_to_reporting,
        amount_reporting as amount,
        opportunity_type,
        source_opportunity_type,
        stage_name,
        lead_source,
        case when is_closed then closed_at end as closed_at
    from accepted

)

select * from final
