{#- The raw tables of each source system, as its connector names them.

    attribution_source_systems(): per value of var attribution_source_system,
    the macro listing its tables (none: the project's input contract, whose
    nine tables are macros/input/attribution_input_contract.sql), and what
    marks a row deleted at the source. A system whose entry has no tables is
    not supported yet: the settings check refuses it. Adding a system is one
    entry here and one macro like attribution_salesforce_tables below; the
    raw-file hook, the column resolution, the rejected-rows list and the loss
    gate read these entries and nothing else.

    A system's tables: {table: {
        'required': true | false (an optional table may be missing: read as empty),
        'key': [canonical columns naming a row, for rejected-rows entries],
        'columns': [{'name': canonical (Fivetran) name, 'aliases': [other names,
            e.g. the API name], 'required': true | false}, ...],
        'history_table': true (optional): its rows are versions of a history
            (Fivetran's history mode), so `_fivetran_active` false is an
            earlier entry, not a deleted row,
    }}
    A column is found by its name or an alias, case-insensitively; a missing
    optional column reads as null.

    deleted: [{'names': [column names], 'deleted_when': true | false}]: a row
    whose flag holds that value was deleted at the source. -#}
{% macro attribution_source_systems() -%}
    {%- set fivetran_deleted = [
        {'names': ['is_deleted', 'IsDeleted'], 'deleted_when': true},
        {'names': ['_fivetran_deleted'], 'deleted_when': true},
        {'names': ['_fivetran_active'], 'deleted_when': false},
    ] -%}
    {#- HubSpot's API (and Airbyte) mark deleted records `archived`. -#}
    {%- set hubspot_deleted = fivetran_deleted + [{'names': ['archived'], 'deleted_when': true}] -%}
    {{ return({
        'contract': {'tables': none, 'deleted': []},
        'salesforce': {'tables': attribution_salesforce_tables(), 'deleted': fivetran_deleted},
        'hubspot': {'tables': attribution_hubspot_tables(), 'deleted': hubspot_deleted},
    }) }}
{%- endmacro %}


{#- The values of var attribution_source_system this project reads. -#}
{% macro attribution_supported_source_systems() -%}
    {%- set supported = [] -%}
    {%- for system, entry in attribution_source_systems().items() -%}
        {%- if entry['tables'] is none or entry['tables'] -%}{%- do supported.append(system) -%}{%- endif -%}
    {%- endfor -%}
    {{ return(supported) }}
{%- endmacro %}


{#- The tables of `system` (see attribution_source_systems). -#}
{% macro attribution_source_tables(system) -%}
    {{ return(attribution_source_systems()[system]['tables'] or {}) }}
{%- endmacro %}


{#- One table entry from compact column specs: 'name:ApiName' or
    'name:ApiName!' (required); history_table: see attribution_source_systems. -#}
{% macro attribution_source_table(required, key, column_specs, history_table=false) -%}
    {%- set columns = [] -%}
    {%- for spec in column_specs -%}
        {%- set is_required = spec.endswith('!') -%}
        {%- set parts = spec.rstrip('!').split(':') -%}
        {%- do columns.append({'name': parts[0], 'aliases': parts[1:], 'required': is_required}) -%}
    {%- endfor -%}
    {{ return({'required': required, 'key': key, 'columns': columns, 'history_table': history_table}) }}
{%- endmacro %}


{#- Salesforce, as Fivetran syncs it (snake_case; a custom field Foo__c as
    foo_c), or with the API names of Airbyte, Data Loader and Bulk API
    exports. Column names: Salesforce's object reference (Account, Contact,
    Lead, Opportunity, OpportunityContactRole, Campaign, CampaignMember, Task,
    Event, User, OpportunityHistory, OpportunityFieldHistory, CurrencyType,
    DatedConversionRate). docs/salesforce.md says what each becomes. -#}
{% macro attribution_salesforce_tables() -%}
    {{ return({
        'account': attribution_source_table(true, ['id'], [
            'id:Id!', 'name:Name', 'website:Website', 'industry:Industry',
            'number_of_employees:NumberOfEmployees', 'owner_id:OwnerId', 'created_date:CreatedDate!']),
        'contact': attribution_source_table(true, ['id'], [
            'id:Id!', 'account_id:AccountId', 'email:Email', 'title:Title', 'lead_source:LeadSource',
            'created_date:CreatedDate!']),
        'lead': attribution_source_table(false, ['id'], [
            'id:Id!', 'email:Email', 'company:Company', 'title:Title', 'lead_source:LeadSource',
            'status:Status', 'created_date:CreatedDate!', 'is_converted:IsConverted',
            'converted_date:ConvertedDate', 'converted_contact_id:ConvertedContactId',
            'converted_account_id:ConvertedAccountId', 'converted_opportunity_id:ConvertedOpportunityId']),
        'opportunity': attribution_source_table(true, ['id'], [
            'id:Id!', 'account_id:AccountId', 'name:Name', 'type:Type', 'stage_name:StageName', 'amount:Amount',
            'currency_iso_code:CurrencyIsoCode', 'is_closed:IsClosed!', 'is_won:IsWon!', 'close_date:CloseDate!',
            'created_date:CreatedDate!', 'lead_source:LeadSource', 'campaign_id:CampaignId', 'owner_id:OwnerId']),
        'opportunity_contact_role': attribution_source_table(false, ['id'], [
            'id:Id', 'opportunity_id:OpportunityId!', 'contact_id:ContactId!', 'role:Role',
            'is_primary:IsPrimary', 'created_date:CreatedDate']),
        'campaign': attribution_source_table(false, ['id'], [
            'id:Id!', 'name:Name', 'type:Type', 'status:Status', 'start_date:StartDate', 'end_date:EndDate',
            'actual_cost:ActualCost', 'currency_iso_code:CurrencyIsoCode', 'offer_type_c:Offer_Type__c',
            'created_date:CreatedDate']),
        'campaign_member': attribution_source_table(false, ['id'], [
            'id:Id!', 'campaign_id:CampaignId!', 'lead_id:LeadId', 'contact_id:ContactId', 'status:Status',
            'has_responded:HasResponded', 'first_responded_date:FirstRespondedDate',
            'created_date:CreatedDate!']),
        'task': attribution_source_table(false, ['id'], [
            'id:Id!', 'who_id:WhoId', 'what_id:WhatId', 'account_id:AccountId', 'owner_id:OwnerId', 'type:Type',
            'task_subtype:TaskSubtype', 'subject:Subject', 'activity_date:ActivityDate',
            'created_date:CreatedDate!', 'status:Status']),
        'event': attribution_source_table(false, ['id'], [
            'id:Id!', 'who_id:WhoId', 'what_id:WhatId', 'account_id:AccountId', 'owner_id:OwnerId', 'type:Type',
            'event_subtype:EventSubtype', 'subject:Subject', 'start_date_time:StartDateTime',
            'activity_date:ActivityDate', 'created_date:CreatedDate']),
        'user': attribution_source_table(false, ['id'], ['id:Id!', 'name:Name', 'email:Email', 'is_active:IsActive']),
        'opportunity_history': attribution_source_table(false, ['id'], [
            'id:Id', 'opportunity_id:OpportunityId!', 'stage_name:StageName', 'amount:Amount',
            'close_date:CloseDate', 'created_date:CreatedDate!']),
        'opportunity_field_history': attribution_source_table(false, ['id'], [
            'id:Id', 'opportunity_id:OpportunityId!', 'field:Field!', 'old_value:OldValue', 'new_value:NewValue',
            'created_date:CreatedDate!']),
        'currency_type': attribution_source_table(false, ['iso_code'], [
            'iso_code:IsoCode!', 'conversion_rate:ConversionRate!', 'is_corporate:IsCorporate',
            'is_active:IsActive']),
        'dated_conversion_rate': attribution_source_table(false, ['iso_code', 'start_date'], [
            'id:Id', 'iso_code:IsoCode!', 'conversion_rate:ConversionRate!', 'start_date:StartDate!',
            'next_start_date:NextStartDate']),
    }) }}
{%- endmacro %}


{#- HubSpot, as Fivetran's HubSpot connector syncs it (HubSpot properties as
    `property_<name>`), or with the bare property names of HubSpot's API and
    an Airbyte flattening (`createdate`, `dealname`; deleted records
    `archived`). Tables and columns: Fivetran's HubSpot schema (company,
    contact, deal and their associations, deal pipelines and stages,
    engagements, forms, marketing email events). docs/hubspot.md says what
    each becomes. -#}
{% macro attribution_hubspot_tables() -%}
    {%- set association = ['type_id:typeid', 'category', 'label'] -%}
    {%- set engagement_detail = [
        'engagement_id!', 'type', 'property_hs_timestamp:hs_timestamp', 'property_hs_createdate:hs_createdate',
        'property_hubspot_owner_id:hubspot_owner_id'] -%}
    {%- set lifecycle_dates = [] -%}
    {%- for stage in attribution_hubspot_lifecycle_stage_values() -%}
        {%- do lifecycle_dates.append(
            'property_hs_lifecyclestage_' ~ stage ~ '_date:hs_lifecyclestage_' ~ stage ~ '_date') -%}
    {%- endfor -%}
    {{ return({
        'company': attribution_source_table(true, ['id'], [
            'id:hs_object_id!', 'property_name:name', 'property_domain:domain', 'property_website:website',
            'property_industry:industry', 'property_numberofemployees:numberofemployees',
            'property_createdate:createdate!', 'property_hubspot_owner_id:hubspot_owner_id']),
        'contact': attribution_source_table(true, ['id'], [
            'id:hs_object_id:vid!', 'property_email:email', 'property_firstname:firstname',
            'property_lastname:lastname', 'property_jobtitle:jobtitle',
            'property_associatedcompanyid:associatedcompanyid', 'property_createdate:createdate!',
            'property_lifecyclestage:lifecyclestage', 'property_hs_lead_status:hs_lead_status',
            'property_hs_analytics_source:hs_analytics_source',
            'property_hs_analytics_source_data_1:hs_analytics_source_data_1',
            'property_hubspot_owner_id:hubspot_owner_id'] + lifecycle_dates),
        'contact_property_history': attribution_source_table(false, ['contact_id', 'name', 'timestamp'], [
            'contact_id:vid!', 'name:property!', 'value', 'timestamp!', 'source', 'source_id']),
        'deal': attribution_source_table(true, ['deal_id'], [
            'deal_id:id:hs_object_id!', 'property_dealname:dealname', 'property_dealtype:dealtype',
            'property_amount:amount', 'property_deal_currency_code:deal_currency_code',
            'property_amount_in_home_currency:amount_in_home_currency', 'property_createdate:createdate!',
            'property_closedate:closedate', 'property_hs_is_closed:hs_is_closed',
            'property_hs_is_closed_won:hs_is_closed_won', 'property_hs_analytics_source:hs_analytics_source',
            'property_hs_analytics_source_data_1:hs_analytics_source_data_1',
            'deal_pipeline_id:property_pipeline:pipeline',
            'deal_pipeline_stage_id:property_dealstage:dealstage!', 'owner_id:property_hubspot_owner_id:hubspot_owner_id']),
        'deal_company': attribution_source_table(false, ['deal_id', 'company_id', 'type_id'], ['deal_id!', 'company_id!'] + association),
        'deal_contact': attribution_source_table(false, ['deal_id', 'contact_id', 'type_id'], ['deal_id!', 'contact_id!'] + association),
        'deal_pipeline': attribution_source_table(false, ['pipeline_id'], [
            'pipeline_id:id!', 'label', 'display_order:displayorder', 'active']),
        'deal_pipeline_stage': attribution_source_table(true, ['stage_id'], [
            'stage_id:id!', 'pipeline_id', 'label', 'display_order:displayorder', 'probability',
            'closed_won:closedwon', 'is_closed:isclosed', 'active']),
        'deal_stage': attribution_source_table(false, ['deal_id', 'value', 'date_entered'], [
            'deal_id!', 'value!', 'date_entered!', 'source', 'source_id'], history_table=true),
        'engagement': attribution_source_table(false, ['id'], [
            'id!', 'type!', 'timestamp', 'created_at:createdat', 'owner_id:ownerid', 'active']),
        'engagement_call': attribution_source_table(false, ['engagement_id'], engagement_detail + [
            'property_hs_call_title:hs_call_title', 'property_hs_call_direction:hs_call_direction',
            'property_hs_call_status:hs_call_status', 'property_hs_call_duration:hs_call_duration']),
        'engagement_email': attribution_source_table(false, ['engagement_id'], engagement_detail + [
            'property_hs_email_subject:hs_email_subject', 'property_hs_email_direction:hs_email_direction']),
        'engagement_meeting': attribution_source_table(false, ['engagement_id'], engagement_detail + [
            'property_hs_meeting_title:hs_meeting_title',
            'property_hs_meeting_start_time:hs_meeting_start_time',
            'property_hs_meeting_end_time:hs_meeting_end_time',
            'property_hs_meeting_outcome:hs_meeting_outcome']),
        'engagement_contact': attribution_source_table(false, ['engagement_id', 'contact_id'], ['engagement_id!', 'contact_id!'] + association),
        'engagement_company': attribution_source_table(false, ['engagement_id', 'company_id'], ['engagement_id!', 'company_id!'] + association),
        'engagement_deal': attribution_source_table(false, ['engagement_id', 'deal_id'], ['engagement_id!', 'deal_id!'] + association),
        'form': attribution_source_table(false, ['guid'], ['guid:id!', 'name!', 'form_type:formtype', 'created_at:createdat']),
        'contact_form_submission': attribution_source_table(false, ['contact_id', 'timestamp', 'form_id'], [
            'contact_id:vid!', 'conversion_id', 'timestamp!', 'form_id', 'page_url:pageurl', 'title']),
        'email_campaign': attribution_source_table(false, ['id'], [
            'id!', 'name', 'subject', 'type', 'app_id:appid', 'app_name:appname']),
        'email_event': attribution_source_table(false, ['id'], [
            'id!', 'type!', 'created!', 'recipient', 'email_campaign_id:emailcampaignid',
            'sent_by_id', 'sent_by_created', 'filtered_event:filteredevent']),
        'email_event_click': attribution_source_table(false, ['id'], ['id!', 'url', 'referer']),
        'owner': attribution_source_table(false, ['owner_id'], [
            'owner_id:id!', 'email', 'first_name:firstname', 'last_name:lastname', 'type',
            'active_user_id:userid']),
    }) }}
{%- endmacro %}


{#- HubSpot's default lifecycle stages (internal values): each has a
    `hs_lifecyclestage_<stage>_date` contact property, the first time the
    contact entered it (seeds/hubspot_lifecycle_stages.csv maps them). -#}
{% macro attribution_hubspot_lifecycle_stage_values() -%}
    {{ return(['subscriber', 'lead', 'marketingqualifiedlead', 'salesqualifiedlead', 'opportunity', 'customer',
        'evangelist', 'other']) }}
{%- endmacro %}
