{#- HubSpot -> the contract's touchpoints (text):
      - engagements (var attribution_hubspot_sales_activities), typed by
        engagement.type through seeds/hubspot_engagement_types.csv (CALL
        sales_call, EMAIL sales_email, MEETING meeting; NOTE and TASK, and
        types not listed, are no touch). Time: the engagement's timestamp
        (a meeting's start), else its detail's hs_timestamp, else its
        creation. One touch per associated contact (engagement_contact);
        an engagement with no contact, one per associated company
        (engagement_company) as an account-level touch. sales_rep_name (a
        column beside the contract's) is the owner's name;
      - form submissions (contact_form_submission), typed by their form's
        name through seeds/hubspot_form_types.csv (else form_submission),
        with utm_source, utm_medium and utm_campaign from page_url's query
        string;
      - marketing email events whose type var attribution_hubspot_email_events
        lists (default CLICK), not filtered by HubSpot (filtered_event): a
        CLICK is an email_click, another type email_<type>, of the event's
        email campaign; the person is the contact with the recipient's email
        (the email is kept, for staging to resolve otherwise); a click's UTMs
        come from its URL (email_event_click);
      - touchpoints.csv|parquet beside the HubSpot tables (web sessions, ad
        clicks: what HubSpot's tables do not hold), unchanged.
    A CRM touch type never falls to direct (stg_marketing__touchpoints). -#}
{%- set sales_activities = attribution_setting('attribution_hubspot_sales_activities') -%}
{%- set email_events = attribution_setting('attribution_hubspot_email_events') -%}
with

engagements as (

    select * from {{ ref('stg_hubspot__engagement') }}

),

engagement_details as (

    select
        engagement_id,
        min(property_hs_timestamp) as hs_timestamp
    from (
        select
            engagement_id,
            property_hs_timestamp
        from {{ ref('stg_hubspot__engagement_call') }}
        union all
        select
            engagement_id,
            property_hs_timestamp
        from {{ ref('stg_hubspot__engagement_email') }}
        union all
        select
            engagement_id,
            property_hs_timestamp
        from {{ ref('stg_hubspot__engagement_meeting') }}
    ) as details
    group by engagement_id

),

engagement_contacts as (

    select distinct
        engagement_id,
        contact_id
    from {{ ref('stg_hubspot__engagement_contact') }}

),

engagement_companies as (

    select distinct
        engagement_id,
        company_id
    from {{ ref('stg_hubspot__engagement_company') }}

),

engagement_types as (

    select
        lower(trim(engagement_type)) as engagement_type,
        lower(trim(touchpoint_type)) as touchpoint_type
    from {{ ref('hubspot_engagement_types') }}
    where touchpoint_type is not null and trim(touchpoint_type) <> ''

),

owners as (

    select
        owner_id,
        nullif(trim({{ dbt.concat(["coalesce(first_name, '')", "' '", "coalesce(last_name, '')"]) }}), '')
            as owner_name
    from {{ ref('stg_hubspot__owner') }}

),

contacts as (

    {#- One contact per email (HubSpot keeps emails unique; the smallest id otherwise). -#}
    select
        lower(trim(property_email)) as email,
        min(id) as contact_id
    from {{ ref('stg_hubspot__contact') }}
    where property_email is not null
    group by lower(trim(property_email))

),

forms as (

    select
        forms.guid,
        coalesce(form_types.touchpoint_type, 'form_submission') as touchpoint_type
    from {{ ref('stg_hubspot__form') }} as forms
    left join {{ ref('hubspot_form_types') }} as form_types
        on lower(trim(forms.name)) = lower(trim(form_types.form_name))

),

sales_engagements as (

    select
        engagements.id as engagement_id,
        engagement_types.touchpoint_type,
        owners.owner_name as sales_rep_name,
        coalesce(engagements.timestamp, engagement_details.hs_timestamp, engagements.created_at) as occurred_at
    from engagements
    inner join engagement_types
        on lower(trim(engagements.type)) = engagement_types.engagement_type
    left join engagement_details
        on engagements.id = engagement_details.engagement_id
    left join owners
        on engagements.owner_id = owners.owner_id
    {%- if not sales_activities %}
    where 1 = 0
    {%- endif %}

),

contact_engagement_touches as (

    select
        {{ dbt.concat(["'engagement-'", 'sales_engagements.engagement_id', "'-contact-'",
            'engagement_contacts.contact_id']) }} as touchpoint_id,
        {{ attribution_source_timestamp_text('sales_engagements.occurred_at') }} as occurred_at,
        engagement_contacts.contact_id,
        cast(null as {{ dbt.type_string() }}) as email,
        cast(null as {{ dbt.type_string() }}) as account_id,
        sales_engagements.touchpoint_type,
        cast(null as {{ dbt.type_string() }}) as utm_source,
        cast(null as {{ dbt.type_string() }}) as utm_medium,
        cast(null as {{ dbt.type_string() }}) as utm_campaign,
        cast(null as {{ dbt.type_string() }}) as campaign_id,
        cast(null as {{ dbt.type_string() }}) as referrer_domain,
        sales_engagements.sales_rep_name
    from sales_engagements
    inner join engagement_contacts
        on sales_engagements.engagement_id = engagement_contacts.engagement_id

),

company_engagement_touches as (

    select
        {{ dbt.concat(["'engagement-'", 'sales_engagements.engagement_id', "'-company-'",
            'engagement_companies.company_id']) }} as touchpoint_id,
        {{ attribution_source_timestamp_text('sales_engagements.occurred_at') }} as occurred_at,
        cast(null as {{ dbt.type_string() }}) as contact_id,
        cast(null as {{ dbt.type_string() }}) as email,
        engagement_companies.company_id as account_id,
        sales_engagements.touchpoint_type,
        cast(null as {{ dbt.type_string() }}) as utm_source,
        cast(null as {{ dbt.type_string() }}) as utm_medium,
        cast(null as {{ dbt.type_string() }}) as utm_campaign,
        cast(null as {{ dbt.type_string() }}) as campaign_id,
        cast(null as {{ dbt.type_string() }}) as referrer_domain,
        sales_engagements.sales_rep_name
    from sales_engagements
    inner join engagement_companies
        on sales_engagements.engagement_id = engagement_companies.engagement_id
    left join engagement_contacts
        on sales_engagements.engagement_id = engagement_contacts.engagement_id
    where engagement_contacts.engagement_id is null

),

form_touches as (

    select
        {{ dbt.concat(["'form-'", "coalesce(submissions.conversion_id, "
            ~ dbt.concat(['submissions.contact_id', "'-'", 'submissions.timestamp']) ~ ")"]) }} as touchpoint_id,
        {{ attribution_source_timestamp_text('submissions.timestamp') }} as occurred_at,
        submissions.contact_id,
        cast(null as {{ dbt.type_string() }}) as email,
        cast(null as {{ dbt.type_string() }}) as account_id,
        coalesce(forms.touchpoint_type, 'form_submission') as touchpoint_type,
        {{ attribution_url_parameter('submissions.page_url', 'utm_source') }} as utm_source,
        {{ attribution_url_parameter('submissions.page_url', 'utm_medium') }} as utm_medium,
        {{ attribution_url_parameter('submissions.page_url', 'utm_campaign') }} as utm_campaign,
        cast(null as {{ dbt.type_string() }}) as campaign_id,
        cast(null as {{ dbt.type_string() }}) as referrer_domain,
        cast(null as {{ dbt.type_string() }}) as sales_rep_name
    from {{ ref('stg_hubspot__contact_form_submission') }} as submissions
    left join forms
        on submissions.form_id = forms.guid

),

email_touches as (

    select
        {{ dbt.concat(["'email-'", 'events.id']) }} as touchpoint_id,
        {{ attribution_source_timestamp_text('events.created') }} as occurred_at,
        contacts.contact_id,
        events.recipient as email,
        cast(null as {{ dbt.type_string() }}) as account_id,
        case
            when upper(trim(events.type)) = 'CLICK' then 'email_click'
            else {{ dbt.concat(["'email_'", 'lower(trim(events.type))']) }}
        end as touchpoint_type,
        {{ attribution_url_parameter('clicks.url', 'utm_source') }} as utm_source,
        {{ attribution_url_parameter('clicks.url', 'utm_medium') }} as utm_medium,
        {{ attribution_url_parameter('clicks.url', 'utm_campaign') }} as utm_campaign,
        events.email_campaign_id as campaign_id,
        cast(null as {{ dbt.type_string() }}) as referrer_domain,
        cast(null as {{ dbt.type_string() }}) as sales_rep_name
    from {{ ref('stg_hubspot__email_event') }} as events
    left join {{ ref('stg_hubspot__email_event_click') }} as clicks
        on events.id = clicks.id
    left join contacts
        on lower(trim(events.recipient)) = contacts.email
    where
        upper(trim(events.type)) in ('{{ email_events | join("', '") }}')
        and not coalesce({{ attribution_parse_boolean('events.filtered_event') }}, false)

),

web_touches as (

    {#- The contract's columns, sales_rep_name among them (optional). -#}
    select * from {{ ref('int_hubspot__web_touchpoints') }}

),

final as (

    select * from contact_engagement_touches
    union all
    select * from company_engagement_touches
    union all
    select * from form_touches
    union all
    select * from email_touches
    union all
    select * from web_touches

)

select * from final
