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
    {{ return({
        'contract': {'tables': none, 'deleted': []},
        'salesforce': {'tables': attribution_salesforce_tables(), 'deleted': fivetran_deleted},
        'hubspot': {'tables': {}, 'deleted': fivetran_deleted},
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
    'name:ApiName!' (required). -#}
{% macro attribution_source_table(required, key, column_specs) -%}
    {%- set columns = [] -%}
    {%- for spec in column_specs -%}
        {%- set is_required = spec.endswith('!') -%}
        {%- set parts = spec.rstrip('!').split(':') -%}
        {%- do columns.append({'name': parts[0], 'aliases': parts[1:], 'required': is_required}) -%}
    {%- endfor -%}
    {{ return({'required': required, 'key': key, 'columns': columns}) }}
{%- endmacro %}


{#- Salesforce, as Fivetran syncs it (snake_case; a custom field Foo__c as
    foo_c), or with the API names of Airbyte, Data Loader and Bulk API
    exports. Column names: Salesforce's object reference (Account, Contact,
    Lead, Opportunity, OpportunityContactRole, Campaign, CampaignMember, Task,
    Event, User, OpportunityHistory, OpportunityFieldHistory, CurrencyType,
    DatedConversionRate). docs/salesforce.md says what each becomes. -#}
{% macro attribution_salesforce_tables() -%}
    {%- set t = attribution_source_table -%}
    {{ return({
        'account': t(true, ['id'], [
            'id:Id!', 'name:Name', 'website:Website', 'industry:Industry',
            'number_of_employees:NumberOfEmployees', 'owner_id:OwnerId', 'created_date:CreatedDate!']),
        'contact': t(true, ['id'], [
            'id:Id!', 'account_id:AccountId', 'email:Email', 'title:Title', 'lead_source:LeadSource',
            'created_date:CreatedDate!']),
        'lead': t(false, ['id'], [
            'id:Id!', 'email:Email', 'company:Company', 'title:Title', 'lead_source:LeadSource',
            'status:Status', 'created_date:CreatedDate!', 'is_converted:IsConverted',
            'converted_date:ConvertedDate', 'converted_contact_id:ConvertedContactId',
            'converted_account_id:ConvertedAccountId', 'converted_opportunity_id:ConvertedOpportunityId']),
        'opportunity': t(true, ['id'], [
            'id:Id!', 'account_id:AccountId', 'name:Name', 'type:Type', 'stage_name:StageName', 'amount:Amount',
            'currency_iso_code:CurrencyIsoCode', 'is_closed:IsClosed!', 'is_won:IsWon!', 'close_date:CloseDate!',
            'created_date:CreatedDate!', 'lead_source:LeadSource', 'campaign_id:CampaignId', 'owner_id:OwnerId']),
        'opportunity_contact_role': t(false, ['id'], [
            'id:Id', 'opportunity_id:OpportunityId!', 'contact_id:ContactId!', 'role:Role',
            'is_primary:IsPrimary', 'created_date:CreatedDate']),
        'campaign': t(false, ['id'], [
            'id:Id!', 'name:Name', 'type:Type', 'status:Status', 'start_date:StartDate', 'end_date:EndDate',
            'actual_cost:ActualCost', 'currency_iso_code:CurrencyIsoCode', 'offer_type_c:Offer_Type__c',
            'created_date:CreatedDate']),
        'campaign_member': t(false, ['id'], [
            'id:Id!', 'campaign_id:CampaignId!', 'lead_id:LeadId', 'contact_id:ContactId', 'status:Status',
            'has_responded:HasResponded', 'first_responded_date:FirstRespondedDate',
            'created_date:CreatedDate!']),
        'task': t(false, ['id'], [
            'id:Id!', 'who_id:WhoId', 'what_id:WhatId', 'account_id:AccountId', 'owner_id:OwnerId', 'type:Type',
            'task_subtype:TaskSubtype', 'subject:Subject', 'activity_date:ActivityDate',
            'created_date:CreatedDate!', 'status:Status']),
        'event': t(false, ['id'], [
            'id:Id!', 'who_id:WhoId', 'what_id:WhatId', 'account_id:AccountId', 'owner_id:OwnerId', 'type:Type',
            'event_subtype:EventSubtype', 'subject:Subject', 'start_date_time:StartDateTime',
            'activity_date:ActivityDate', 'created_date:CreatedDate']),
        'user': t(false, ['id'], ['id:Id!', 'name:Name', 'email:Email', 'is_active:IsActive']),
        'opportunity_history': t(false, ['id'], [
            'id:Id', 'opportunity_id:OpportunityId!', 'stage_name:StageName', 'amount:Amount',
            'close_date:CloseDate', 'created_date:CreatedDate!']),
        'opportunity_field_history': t(false, ['id'], [
            'id:Id', 'opportunity_id:OpportunityId!', 'field:Field!', 'old_value:OldValue', 'new_value:NewValue',
            'created_date:CreatedDate!']),
        'currency_type': t(false, ['iso_code'], [
            'iso_code:IsoCode!', 'conversion_rate:ConversionRate!', 'is_corporate:IsCorporate',
            'is_active:IsActive']),
        'dated_conversion_rate': t(false, ['iso_code', 'start_date'], [
            'id:Id', 'iso_code:IsoCode!', 'conversion_rate:ConversionRate!', 'start_date:StartDate!',
            'next_start_date:NextStartDate']),
    }) }}
{%- endmacro %}
