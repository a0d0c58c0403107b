{#- What a rep reads before a call: one row per account x touch, every
    contact's touches (and the account-level ones) in order, with the touch's
    type, channel and campaign, the content offered (the campaign's offer
    type and UTM campaign), and who the contact is (persona, job title and
    role on the account's latest opportunity), and for a sales touch the rep
    who made it. No email addresses. As of the
    as-of time: later touches and opportunities are not seen. -#}
with

touchpoints as (

    select * from {{ ref('int_touchpoints_resolved') }}
    where account_id is not null

),

accounts as (

    select * from {{ ref('stg_crm__accounts') }}

),

contacts as (

    select * from {{ ref('int_contacts_classified') }}

),

campaigns as (

    select * from {{ ref('stg_crm__campaigns') }}

),

latest_roles as (

    select
        account_id,
        contact_id,
        role,
        opportunity_id
    from (
        select
            opportunities.account_id,
            contact_roles.contact_id,
            contact_roles.role,
            opportunities.opportunity_id,
            row_number() over (
                partition by opportunities.account_id, contact_roles.contact_id
                order by opportunities.created_at desc, opportunities.opportunity_id desc
            ) as role_rank
        from {{ ref('stg_crm__opportunity_contact_roles') }} as contact_roles
        inner join {{ ref('int_opportunities_prepared') }} as opportunities
            on contact_roles.opportunity_id = opportunities.opportunity_id
        where not opportunities.is_created_after_as_of
    ) as ranked
    where role_rank = 1

),

final as (

    select
        touchpoints.account_id,
        accounts.account_name,
        touchpoints.touchpoint_id,
        touchpoints.occurred_at as touchpoint_at,
        touchpoints.contact_id,
        touchpoints.is_account_level,
        contacts.job_title,
        latest_roles.role as opportunity_role,
        latest_roles.opportunity_id as role_opportunity_id,
        touchpoints.touchpoint_type,
        touchpoints.channel,
        touchpoints.team,
        touchpoints.campaign_id,
        campaigns.campaign_name,
        campaigns.offer_type,
        touchpoints.utm_campaign,
        touchpoints.sales_rep_name,
        cast(row_number() over (
            partition by touchpoints.account_id order by touchpoints.occurred_at, touchpoints.touchpoint_id
        ) as bigint) as account_touch_number,
        coalesce(contacts.persona, 'unknown') as persona
    from touchpoints
    inner join accounts
        on touchpoints.account_id = accounts.account_id
    left join contacts
        on touchpoints.contact_id = contacts.contact_id
    left join latest_roles
        on
            touchpoints.account_id = latest_roles.account_id
            and touchpoints.contact_id = latest_roles.contact_id
    left join campaigns
        on touchpoints.campaign_id = campaigns.campaign_id

)

select * from final
