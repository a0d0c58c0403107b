{#- Salesforce -> the contract's touchpoints (text):
      - campaign members (touchpoint_type campaign_response, or
        campaign_member for a member who has not responded, counted only with
        var attribution_salesforce_member_statuses all; default responded:
        HasResponded, Marketo Measure's "responded only"). Time:
        FirstRespondedDate (a day), else CreatedDate. The person: the
        ContactId when set, else the LeadId's converted contact, else the lead
        itself (int_salesforce__people). campaign_id is kept: the campaign's
        Type gives the channel (int_salesforce__campaigns), and a CRM touch
        type never falls to direct;
      - tasks and events (var attribution_salesforce_sales_activities), typed
        by Type, else TaskSubtype / EventSubtype, through
        seeds/salesforce_activity_types.csv (a blank type: no touch). Time: a
        task's CreatedDate, an event's StartDateTime. The person: WhoId as
        above; the account: AccountId. sales_rep_name (the owner's
        User.Name; a column beside the contract's) names the rep;
      - touchpoints.csv|parquet beside the Salesforce tables (web sessions,
        ad clicks: what Salesforce does not hold), unchanged. -#}
{%- set statuses = attribution_setting('attribution_salesforce_member_statuses') -%}
{%- set sales_activities = attribution_setting('attribution_salesforce_sales_activities') -%}
with

members as (

    select * from {{ ref('stg_salesforce__campaign_member') }}

),

people as (

    select * from {{ ref('int_salesforce__people') }}

),

activity_types as (

    select
        lower(trim(activity_type)) as activity_type,
        lower(trim(touchpoint_type)) as touchpoint_type
    from {{ ref('salesforce_activity_types') }}

),

users as (

    select
        id,
        name
    from {{ ref('stg_salesforce__user') }}

),

activities as (

    select
        id,
        who_id,
        account_id,
        owner_id,
        type,
        task_subtype as subtype,
        created_date as occurred_at
    from {{ ref('stg_salesforce__task') }}

    union all

    select
        id,
        who_id,
        account_id,
        owner_id,
        type,
        event_subtype as subtype,
        coalesce(start_date_time, created_date) as occurred_at
    from {{ ref('stg_salesforce__event') }}

),

member_touches as (

    select
        members.id as touchpoint_id,
        {{ attribution_source_timestamp_text('coalesce(members.first_responded_date, members.created_date)') }}
            as occurred_at,
        coalesce(contact_people.person_id, lead_people.person_id, members.contact_id, members.lead_id) as contact_id,
        cast(null as {{ dbt.type_string() }}) as email,
        cast(null as {{ dbt.type_string() }}) as account_id,
        case
            when coalesce({{ attribution_parse_boolean('members.has_responded') }}, false) then 'campaign_response'
            else 'campaign_member'
        end as touchpoint_type,
        cast(null as {{ dbt.type_string() }}) as utm_source,
        cast(null as {{ dbt.type_string() }}) as utm_medium,
        cast(null as {{ dbt.type_string() }}) as utm_campaign,
        members.campaign_id,
        cast(null as {{ dbt.type_string() }}) as referrer_domain,
        cast(null as {{ dbt.type_string() }}) as sales_rep_name
    from members
    left join people as contact_people
        on members.contact_id = contact_people.source_id
    left join people as lead_people
        on members.lead_id = lead_people.source_id
    {%- if statuses == 'responded' %}
        where coalesce({{ attribution_parse_boolean('members.has_responded') }}, false)
    {%- endif %}

),

activity_touches as (

    select
        activities.id as touchpoint_id,
        {{ attribution_source_timestamp_text('activities.occurred_at') }} as occurred_at,
        coalesce(people.person_id, activities.who_id) as contact_id,
        cast(null as {{ dbt.type_string() }}) as email,
        activities.account_id,
        case
            when by_type.activity_type is not null then by_type.touchpoint_type
            else by_subtype.touchpoint_type
        end as touchpoint_type,
        cast(null as {{ dbt.type_string() }}) as utm_source,
        cast(null as {{ dbt.type_string() }}) as utm_medium,
        cast(null as {{ dbt.type_string() }}) as utm_campaign,
        cast(null as {{ dbt.type_string() }}) as campaign_id,
        cast(null as {{ dbt.type_string() }}) as referrer_domain,
        users.name as sales_rep_name
    from activities
    left join people
        on activities.who_id = people.source_id
    left join activity_types as by_type
        on lower(trim(activities.type)) = by_type.activity_type
    left join activity_types as by_subtype
        on lower(trim(activities.subtype)) = by_subtype.activity_type
    left join users
        on activities.owner_id = users.id
    {%- if not sales_activities %}
    where 1 = 0
    {%- endif %}

),

web_touches as (

    {#- The contract's columns, sales_rep_name among them (optional). -#}
    select * from {{ ref('int_salesforce__web_touchpoints') }}

),

final as (

    select * from member_touches

    union all

    select * from activity_touches
    where touchpoint_type is not null

    union all

    select * from web_touches

)

select * from final
