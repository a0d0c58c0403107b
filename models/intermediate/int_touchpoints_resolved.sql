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
    attribution_as_of, sees no later touch; without it nothing is cut).
    Incremental builds (docs/incremental_builds.md): on DuckDB the table is
    materialized='incremental' (delete+insert on touchpoint_id). Resolution
    is global (a contact that moves account or arrives late, a shared email
    or domain decide where every touch goes), so the change is detected
    globally: every row stores a fingerprint of everything resolution reads
    besides the touch (identity_fingerprint: the contacts' and accounts'
    identity columns, the free-mail domains, this model's code), the staging
    row's build (touch_built_by) and the invocation that wrote it
    (resolved_built_by). A build over an existing table resolves the touches
    staged since (new, changed) when the fingerprint is unchanged, and every
    touch when it changed; the post_hook deletes the touches no longer staged
    as stored, or after the as-of time. -#}
{{ config(
    materialized=attribution_incremental_build_materialization(),
    incremental_strategy='delete+insert',
    unique_key='touchpoint_id',
    on_schema_change='fail',
    post_hook="{{ attribution_delete_unstaged_touches() }}",
) }}
{%- do attribution_require_stored_columns(['touch_built_by', 'identity_fingerprint', 'resolved_built_by']) -%}
{%- set code_hash = local_md5(model.raw_code if model is mapping and model.raw_code else '') -%}

with

as_of as (

    select as_of_at from {{ ref('int_attribution_as_of') }}

),

contact_rows as (

    {{ attribution_relation_fingerprint(ref('stg_crm__contacts'), [
        'contact_id', 'account_id', 'email', 'email_domain', 'created_at',
    ]) }}

),

account_rows as (

    {{ attribution_relation_fingerprint(ref('stg_crm__accounts'), ['account_id', 'domain', 'created_at']) }}

),

free_mail_rows as (

    {{ attribution_relation_fingerprint(ref('free_mail_domains'), ['domain']) }}

),

fingerprints as (

    {#- Everything resolution reads besides the touch itself. -#}
    select
        {{ dbt.concat([
            'contact_rows.fingerprint', "'|'", 'account_rows.fingerprint', "'|'", 'free_mail_rows.fingerprint',
            "'|" ~ code_hash ~ "'",
        ]) }} as identity_fingerprint
    from contact_rows
    cross join account_rows
    cross join free_mail_rows

),

current_touches as (

    {#- The stored touches resolved from their current staged row under the current
        fingerprint (none in a full build). -#}
    select
        stored_touches.touchpoint_id,
        stored_touches.touch_built_by
    {% if is_incremental() -%}
        from {{ this }} as stored_touches
        inner join fingerprints
            on stored_touches.identity_fingerprint = fingerprints.identity_fingerprint
    {%- else -%}
        from (
            select
                cast(null as {{ dbt.type_string() }}) as touchpoint_id,
                cast(null as {{ dbt.type_string() }}) as touch_built_by
            from fingerprints
            where 1 = 0
        ) as stored_touches
    {%- endif %}

),

touchpoints as (

    select
        touchpoints.*,
        fingerprints.identity_fingerprint
    from {{ ref('stg_marketing__touchpoints') }} as touchpoints
    cross join as_of
    cross join fingerprints
    left join current_touches
        on
            touchpoints.touchpoint_id = current_touches.touchpoint_id
            and touchpoints.touch_built_by = current_touches.touch_built_by
    where
        touchpoints.occurred_at <= as_of.as_of_at
        and current_touches.touchpoint_id is null

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
        resolved_contact_id is null and resolved_account_id is null as is_unresolved,
        touch_built_by,
        identity_fingerprint,
        '{{ invocation_id }}' as resolved_built_by
    from with_account

)

select * from final
