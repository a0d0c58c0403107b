{#- The input contract (SPEC section 2) in one place: per raw table, its source,
    its key columns (used in rejected-rows entries), its required columns and
    its optional columns. The on-run-start check and the staging models read it. -#}
{% macro attribution_input_contract() -%}
    {{ return({
        'accounts': {
            'source': 'crm',
            'key': ['account_id'],
            'required': ['account_id', 'account_name', 'domain', 'created_at'],
            'optional': ['industry', 'employee_count'],
        },
        'contacts': {
            'source': 'crm',
            'key': ['contact_id'],
            'required': ['contact_id', 'account_id', 'email', 'created_at'],
            'optional': ['job_title', 'lead_source'],
        },
        'lifecycle_events': {
            'source': 'crm',
            'key': ['contact_id', 'stage', 'occurred_at'],
            'required': ['contact_id', 'stage', 'occurred_at'],
            'optional': [],
        },
        'opportunities': {
            'source': 'crm',
            'key': ['opportunity_id'],
            'required': ['opportunity_id', 'account_id', 'created_at', 'closed_at', 'is_closed', 'is_won', 'amount', 'currency', 'opportunity_type'],
            'optional': ['stage_name', 'lead_source'],
        },
        'opportunity_contact_roles': {
            'source': 'crm',
            'key': ['opportunity_id', 'contact_id'],
            'required': ['opportunity_id', 'contact_id', 'role', 'is_primary'],
            'optional': [],
        },
        'campaigns': {
            'source': 'crm',
            'key': ['campaign_id'],
            'required': ['campaign_id', 'campaign_name', 'offer_type', 'started_at', 'ended_at'],
            'optional': ['channel', 'actual_cost', 'currency'],
        },
        'currency_rates': {
            'source': 'crm',
            'key': ['currency'],
            'required': ['currency', 'rate_to_reporting'],
            'optional': [],
        },
        'touchpoints': {
            'source': 'marketing',
            'key': ['touchpoint_id'],
            'required': ['touchpoint_id', 'occurred_at', 'contact_id', 'email', 'account_id', 'touchpoint_type', 'utm_source', 'utm_medium', 'utm_campaign', 'campaign_id'],
            'optional': ['referrer_domain', 'sales_rep_name'],
        },
        'ad_spend': {
            'source': 'marketing',
            'key': ['spend_date', 'utm_source', 'utm_medium', 'utm_campaign', 'campaign_id'],
            'required': ['spend_date', 'utm_source', 'utm_medium', 'amount', 'currency'],
            'optional': ['utm_campaign', 'campaign_id'],
            'one_of': [['utm_campaign', 'campaign_id']],
        },
    }) }}
{%- endmacro %}
