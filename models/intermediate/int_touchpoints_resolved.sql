{#- Identity resolution (SPEC section 3). A touch belongs to
    - a contact: its contact_id when that is a known contact, else the contact
      with its email (case-insensitive; on a shared email the earliest
      created, then the smallest contact_id);
    - an account: the contact's account, else its own account_id, else the
      email's domain (the touch's email, else the contact's) matched exactly to
      accounts.domain (on a shared domain the earliest created account, then
      the smallest account_id); free-mail domains never match.
    Only accepted accounts count. Unresolved touches are kept and flagged.
    Touches after the as-of time are left out (a point-in-time build, var
    attribution_as_of, sees no later touch; without it nothing is cut). -#}
with

as_of as (

    select as_of_at from {{ ref('int_attribution_as_of') }}

),

touchpoints as (

    select touchpoints.*
    from {{ ref('stg_marketing__touchpoints') }} as touchpoints
    cross join as_of
    where touchpoints.occurred_at <= as_of.as_of_at

),

contacts as (

    select * from {{ ref('stg_crm__contacts') }}

),

accounts as (

    select * from {{ ref('stg_crm__accounts') }}

),

free_mail_domains as (

    select domain from {{ ref('free_mail_domains') }}

),

contacts_by_email as (

    select
        email,
        contact_id
    from (
        select
            email,
            contact_id,
            row_number() over (partition by email order by created_at, contact_id) as email_rank
        from contacts
        where email is not null
    ) as ranked
    where email_rank = 1

),

accounts_by_domain as (

    select
        domain,
        account_id
    from (
        select
            accounts.domain,
            accounts.account_id,
            row_number() over (
                partition by accounts.domain order by accounts.created_at, accounts.account_id
            ) as domain_rank
        from accounts
        left join free_mail_domains
            on accounts.domain = free_mail_domains.domain
        where
            accounts.domain is not null
            and free_mail_domains.domain is null
    ) as ranked
    where domain_rank = 1

),

with_contact as (

    select
        touchpoints.*,
        coalesce(contacts_by_id.contact_id, contacts_by_email.contact_id) as resolved_contact_id,
        case
            when contacts_by_id.contact_id is not null then 'contact_id'
            when contacts_by_email.contact_id is not null then 'email'
            else 'none'
        end as contact_resolution
    from touchpoints
    left join contacts as contacts_by_id
        on touchpoints.contact_id = contacts_by_id.contact_id
    left join contacts_by_email
        on touchpoints.email = contacts_by_email.email

),

with_account as (

    select
        with_contact.*,
        coalesce(
            contact_accounts.account_id,
            own_accounts.account_id,
            accounts_by_domain.account_id
        ) as resolved_account_id,
        case
            when contact_accounts.account_id is not null then 'contact'
            when own_accounts.account_id is not null then 'account_id'
            when accounts_by_domain.account_id is not null then 'email_domain'
            else 'none'
        end as account_resolution
    from with_contact
    left join contacts
        on with_contact.resolved_contact_id = contacts.contact_id
    left join accounts as contact_accounts
        on contacts.account_id = contact_accounts.account_id
    left join accounts as own_accounts
        on with_contact.account_id = own_accounts.account_id
    left join accounts_by_domain
        on coalesce(with_contact.email_domain, contacts.email_domain) = accounts_by_domain.domain

),

final as (

    select
        touchpoint_id,
        occurred_at,
        resolved_contact_id as contact_id,
        resolved_account_id as account_id,
        contact_resolution,
        account_resolution,
        touchpoint_type,
        utm_source,
        utm_medium,
        utm_campaign,
        campaign_id,
        has_unknown_campaign,
        referrer_domain,
        sales_rep_name,
        channel,
        channel_group,
        team,
        channel_source,
        resolved_contact_id is null and resolved_account_id is not null as is_account_level,
        resolved_contact_id is null and resolved_account_id is null as is_unresolved
    from with_account

)

select * from final
