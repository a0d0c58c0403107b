{#- Every rejected raw row with its root cause. A row rejected only because
    the row it points at was itself rejected (a contact role whose
    opportunity has a negative amount) is a knock-on rejection: its root
    cause is that parent's reason, followed up to the first row rejected for
    a reason of its own (contact role -> contact -> account). A row pointing
    at an id that no raw row has is its own root cause. -#}
{# (child table, base model, its key, its foreign key, parent table) -#}
{%- set links = [
    ('contacts', 'base_crm__contacts', 'account_id', 'accounts'),
    ('lifecycle_events', 'base_crm__lifecycle_events', 'contact_id', 'contacts'),
    ('opportunities', 'base_crm__opportunities', 'account_id', 'accounts'),
    ('opportunity_contact_roles', 'base_crm__opportunity_contact_roles', 'opportunity_id', 'opportunities'),
    ('opportunity_contact_roles', 'base_crm__opportunity_contact_roles', 'contact_id', 'contacts'),
] -%}

with

rejected as (

    select
        rejected_row_id,
        source_table,
        source_key,
        rejection_reason
    from {{ ref('stg_input__rejected_rows') }}

),

{# Accounts have no parent: each rejected account id with its reason (the
    first in name order when copies of one id fail differently). #}
accounts_roots as (

    select
        account_id as parent_key,
        'accounts' as root_cause_table,
        min(rejection_reason) as root_cause_reason
    from {{ ref('base_crm__accounts') }}
    where rejection_reason is not null and account_id is not null
    group by account_id

),

{# A rejected contact or opportunity: its own reason, or its account's when
    it was rejected as unknown_account_id and that account was rejected. #}
contacts_row_roots as (

    select
        base_crm__contacts.contact_id as parent_key,
        case
            when base_crm__contacts.rejection_reason = 'unknown_account_id' and accounts_roots.parent_key is not null
                then accounts_roots.root_cause_table
            else 'contacts'
        end as root_cause_table,
        case
            when base_crm__contacts.rejection_reason = 'unknown_account_id' and accounts_roots.parent_key is not null
                then accounts_roots.root_cause_reason
            else base_crm__contacts.rejection_reason
        end as root_cause_reason
    from {{ ref('base_crm__contacts') }} as base_crm__contacts
    left join accounts_roots
        on base_crm__contacts.account_id = accounts_roots.parent_key
    where base_crm__contacts.rejection_reason is not null

),

contacts_roots as (

    select
        parent_key,
        root_cause_table,
        root_cause_reason
    from (
        select
            *,
            row_number() over (
                partition by parent_key order by root_cause_table, root_cause_reason
            ) as cause_number
        from contacts_row_roots
        where parent_key is not null
    ) as numbered
    where cause_number = 1

),

opportunities_row_roots as (

    select
        base_crm__opportunities.opportunity_id as parent_key,
        case
            when base_crm__opportunities.rejection_reason = 'unknown_account_id' and accounts_roots.parent_key is not null
                then accounts_roots.root_cause_table
            else 'opportunities'
        end as root_cause_table,
        case
            when base_crm__opportunities.rejection_reason = 'unknown_account_id' and accounts_roots.parent_key is not null
                then accounts_roots.root_cause_reason
            else base_crm__opportunities.rejection_reason
        end as root_cause_reason
    from {{ ref('base_crm__opportunities') }} as base_crm__opportunities
    left join accounts_roots
        on base_crm__opportunities.account_id = accounts_roots.parent_key
    where base_crm__opportunities.rejection_reason is not null

),

opportunities_roots as (

    select
        parent_key,
        root_cause_table,
        root_cause_reason
    from (
        select
            *,
            row_number() over (
                partition by parent_key order by root_cause_table, root_cause_reason
            ) as cause_number
        from opportunities_row_roots
        where parent_key is not null
    ) as numbered
    where cause_number = 1

),

{# Knock-on candidates: child rows rejected as unknown_<foreign key> whose
    parent id exists among the rejected parents. #}
knock_on as (

    {% for table, base, foreign_key, parent in links %}
        select
            {{ dbt.hash(dbt.concat([
                "'" ~ table ~ "'", "'|'", "raw_row", "'|'", dbt.cast("copy_number", dbt.type_string())])) }}
                as rejected_row_id,
            {{ parent }}_roots.root_cause_table,
            {{ parent }}_roots.root_cause_reason
        from {{ ref(base) }}
        inner join {{ parent }}_roots
            on {{ base }}.{{ foreign_key }} = {{ parent }}_roots.parent_key
        where {{ base }}.rejection_reason = 'unknown_{{ foreign_key }}'
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

{# A contact role may point at a rejected opportunity and a rejected
    contact; the first cause in name order is kept so each row counts once. #}
knock_on_first as (

    select
        rejected_row_id,
        root_cause_table,
        root_cause_reason
    from (
        select
            *,
            row_number() over (
                partition by rejected_row_id order by root_cause_table, root_cause_reason
            ) as cause_number
        from knock_on
    ) as numbered
    where cause_number = 1

),

final as (

    select
        rejected.rejected_row_id,
        rejected.source_table,
        rejected.source_key,
        rejected.rejection_reason,
        coalesce(knock_on_first.root_cause_table, rejected.source_table) as root_cause_table,
        coalesce(knock_on_first.root_cause_reason, rejected.rejection_reason) as root_cause_reason
    from rejected
    left join knock_on_first
        on rejected.rejected_row_id = knock_on_first.rejected_row_id

)

select * from final
