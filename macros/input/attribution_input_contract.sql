{#- The input contract (SPEC section 2), declared once: per raw table, its
    source, its key columns (used in rejected-rows entries), its columns in the
    order a file holds them (the order the sources YAML lists them), which of
    them are optional (every other one is required), the type of each column
    that is not text (what a parquet file or the demo generator holds; staging
    reads every column as text and parses it), and groups of columns of which
    at least one must be present. The on-run-start check, the staging models,
    the demo generator (attribution_kit/contract.py reads this file) and the
    tests read it; python_tests/test_input_contract.py checks the sources YAML
    lists the same columns. Written as plain literals (one Python can read). -#}
{% macro attribution_input_contract() -%}
    {%- set declared = {
        'accounts': {
            'source': 'crm',
            'key': ['account_id'],
            'columns': ['account_id', 'account_name', 'domain', 'industry', 'employee_count', 'created_at'],
            'optional': ['industry', 'employee_count'],
            'types': {'employee_count': 'integer'},
        },
        'contacts': {
            'source': 'crm',
            'key': ['contact_id'],
            'columns': ['contact_id', 'account_id', 'email', 'job_title', 'created_at', 'lead_source'],
            'optional': ['job_title', 'lead_source'],
            'types': {},
        },
        'lifecycle_events': {
            'source': 'crm',
            'key': ['contact_id', 'stage', 'occurred_at'],
            'columns': ['contact_id', 'stage', 'occurred_at'],
            'optional': [],
            'types': {},
        },
        'opportunities': {
            'source': 'crm',
            'key': ['opportunity_id'],
            'columns': ['opportunity_id', 'account_id', 'created_at', 'closed_at', 'is_closed', 'is_won', 'amount', 'currency', 'opportunity_type', 'stage_name', 'lead_source'],
            'optional': ['stage_name', 'lead_source'],
            'types': {'is_closed': 'boolean', 'is_won': 'boolean', 'amount': 'double'},
        },
        'opportunity_contact_roles': {
            'source': 'crm',
            'key': ['opportunity_id', 'contact_id'],
            'columns': ['opportunity_id', 'contact_id', 'role', 'is_primary'],
            'optional': [],
            'types': {'is_primary': 'boolean'},
        },
        'campaigns': {
            'source': 'crm',
            'key': ['campaign_id'],
            'columns': ['campaign_id', 'campaign_name', 'channel', 'offer_type', 'started_at', 'ended_at', 'actual_cost', 'currency'],
            'optional': ['channel', 'actual_cost', 'currency'],
            'types': {'actual_cost': 'double'},
        },
        'currency_rates': {
            'source': 'crm',
            'key': ['currency'],
            'columns': ['currency', 'rate_to_reporting'],
            'optional': [],
            'types': {'rate_to_reporting': 'double'},
        },
        'touchpoints': {
            'source': 'marketing',
            'key': ['touchpoint_id'],
            'columns': ['touchpoint_id', 'occurred_at', 'contact_id', 'email', 'account_id', 'touchpoint_type', 'utm_source', 'utm_medium', 'utm_campaign', 'campaign_id', 'referrer_domain', 'sales_rep_name'],
            'optional': ['referrer_domain', 'sales_rep_name'],
            'types': {},
        },
        'ad_spend': {
            'source': 'marketing',
            'key': ['spend_date', 'utm_source', 'utm_medium', 'utm_campaign', 'campaign_id'],
            'columns': ['spend_date', 'utm_source', 'utm_medium', 'utm_campaign', 'campaign_id', 'amount', 'currency'],
            'optional': ['utm_campaign', 'campaign_id'],
            'types': {'amount': 'double'},
            'one_of': [['utm_campaign', 'campaign_id']],
        },
    } -%}
    {#- Derived: the required columns, in file order (the SQL reads required, then optional). -#}
    {%- for table, spec in declared.items() -%}
        {%- do spec.update({'required': spec['columns'] | reject('in', spec['optional']) | list}) -%}
    {%- endfor -%}
    {{ return(declared) }}
{%- endmacro %}
