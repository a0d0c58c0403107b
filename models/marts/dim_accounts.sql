{#- One row per accepted account with its contacts and, as of the as-of
    time, its opportunities, pipeline and won revenue (opportunities created
    after the as-of time are not counted). -#}
with

accounts as (

    select * from {{ ref('int_accounts_prepared') }}

),

opportunities as (

    select
        account_id,
        count(*) as opportunity_count,
        count(case when is_won then opportunity_id end) as won_opportunity_count,
        {{ attribution_sum("amount") }} as pipeline,
        {{ attribution_sum("won_amount") }} as won_revenue
    from {{ ref('int_opportunities_prepared') }}
    where not is_created_after_as_of
    group by account_id

),

final as (

    select
        accounts.account_id,
        accounts.account_name,
        accounts.domain,
        accounts.industry,
        accounts.employee_count,
        accounts.created_at,
        accounts.contact_count,
        coalesce(opportunities.opportunity_count, 0) as opportunity_count,
        coalesce(opportunities.won_opportunity_count, 0) as won_opportunity_count,
        coalesce(opportunities.pipeline, 0) as pipeline,
        coalesce(opportunities.won_revenue, 0) as won_revenue
    from accounts
    left join opportunities
        on accounts.account_id = opportunities.account_id

)

select * from final
