{#- Every var of the project with what it accepts: the one place the
    settings' types and ranges are declared. attribution_validate_settings
    checks them all before any model runs; docs/settings.md is the table a
    user reads (python_tests/test_settings.py checks the two list the same
    vars as dbt_project.yml).

    kinds: integer, number, boolean, text (matching `pattern`), choice (one
    of `values`), timestamp (parsed, rendered back as a literal), date,
    list_of_choice, list_of_text, path_transforms (a list of the path
    transforms of docs/path_transforms.md: channel names match `pattern`,
    counts are whole numbers from 1 to `max`). `nullable`: null (unset) is allowed.
    Ranges: min / max (inclusive), above / below (exclusive).

    The Salesforce and HubSpot tables each have a var naming them in the
    source schema, attribution_<system>_<table>_identifier (Fivetran's
    <source>_<table>_identifier), specified here from the one table list
    (attribution_source_tables) rather than one line each. -#}
{% macro attribution_var_specs() -%}
    {%- set share = {'kind': 'number', 'min': 0, 'max': 1} -%}
    {%- set engine = {'kind': 'choice', 'values': ['sql', 'python']} -%}
    {%- set identifier = '^[A-Za-z_][A-Za-z0-9_$]*$' -%}
    {%- set specs = {
        'attribution_source_database': {'kind': 'text', 'pattern': '^[A-Za-z_][A-Za-z0-9_$-]*$', 'nullable': true},
        'attribution_source_schema': {'kind': 'text', 'pattern': identifier},
        'attribution_raw_files': {'kind': 'boolean', 'nullable': true},
        'attribution_accounts_identifier': {'kind': 'text', 'pattern': identifier},
        'attribution_contacts_identifier': {'kind': 'text', 'pattern': identifier},
        'attribution_lifecycle_events_identifier': {'kind': 'text', 'pattern': identifier},
        'attribution_opportunities_identifier': {'kind': 'text', 'pattern': identifier},
        'attribution_opportunity_contact_roles_identifier': {'kind': 'text', 'pattern': identifier},
        'attribution_campaigns_identifier': {'kind': 'text', 'pattern': identifier},
        'attribution_currency_rates_identifier': {'kind': 'text', 'pattern': identifier},
        'attribution_touchpoints_identifier': {'kind': 'text', 'pattern': identifier},
        'attribution_ad_spend_identifier': {'kind': 'text', 'pattern': identifier},
        'attribution_data_format': {'kind': 'choice', 'values': ['auto', 'csv', 'parquet']},
        'attribution_csv_encoding': {'kind': 'choice', 'values': ['utf-8', 'latin-1', 'utf-16']},
        'attribution_csv_delimiter': {'kind': 'choice', 'values': ['auto', ',', ';', '\t', '|']},
        'attribution_csv_max_line_bytes': {'kind': 'integer', 'min': 1024, 'max': 1073741824},
        'attribution_date_order': {'kind': 'choice', 'values': ['ymd', 'mdy', 'dmy']},
        'attribution_decimal_separator': {'kind': 'choice', 'values': ['.', ',']},
        'attribution_max_amount': {'kind': 'number', 'above': 0, 'max': 1e15},
        'attribution_min_valid_date': {'kind': 'date'},
        'attribution_max_future_days': {'kind': 'integer', 'min': 0, 'max': 36500},
        'attribution_max_rejected_share': share,
        'attribution_reporting_currency': {'kind': 'text', 'pattern': '^[A-Z]{3}$'},
        'attribution_default_opportunity_type': {'kind': 'choice', 'values': ['new_business', 'expansion', 'renewal']},
        'attribution_source_system': {'kind': 'choice', 'values': ['contract', 'salesforce', 'hubspot']},
        'attribution_salesforce_member_statuses': {'kind': 'choice', 'values': ['responded', 'all']},
        'attribution_salesforce_sales_activities': {'kind': 'boolean'},
        'attribution_hubspot_sales_activities': {'kind': 'boolean'},
        'attribution_hubspot_email_events': {'kind': 'list_of_choice',
            'values': ['SENT', 'DELIVERED', 'OPEN', 'CLICK', 'FORWARD', 'PRINT', 'REPLY']},
        'attribution_lookback_days': {'kind': 'integer', 'min': 0, 'max': 36500},
        'attribution_journey_scope': {'kind': 'choice', 'values': ['account', 'contact_roles']},
        'attribution_as_of': {'kind': 'timestamp', 'nullable': true},
        'attribution_excluded_opportunity_types': {'kind': 'list_of_choice', 'values': ['new_business', 'expansion', 'renewal']},
        'attribution_position_first_share': share,
        'attribution_position_last_share': share,
        'attribution_j_shaped_first_share': share,
        'attribution_j_shaped_last_share': share,
        'attribution_inverse_j_first_share': share,
        'attribution_inverse_j_last_share': share,
        'attribution_u_shaped_milestone_share': {'kind': 'number', 'min': 0, 'max': 0.5},
        'attribution_w_shaped_milestone_share': {'kind': 'number', 'min': 0, 'max': 1 / 3},
        'attribution_full_path_milestone_share': {'kind': 'number', 'min': 0, 'max': 0.25},
        'attribution_half_life_days': {'kind': 'number', 'above': 0, 'max': 36500},
        'attribution_direct_channels': {'kind': 'list_of_text', 'pattern': '^[a-z0-9_]+$'},
        'attribution_time_decay_engine': engine,
        'attribution_markov_engine': engine,
        'attribution_markov_order': {'kind': 'integer', 'min': 1, 'max': 4},
        'attribution_shapley_engine': engine,
        'attribution_python_models': {'kind': 'boolean', 'nullable': true},
        'attribution_incremental_l2_penalty': {'kind': 'number', 'min': 0, 'max': 1e6},
        'attribution_incremental_holdout_share': {'kind': 'number', 'above': 0, 'below': 1},
        'attribution_incremental_seed': {'kind': 'integer', 'min': 0, 'max': 2147483647},
        'attribution_reactivation_silence_days': {'kind': 'integer', 'min': 1, 'max': 36500},
        'attribution_reactivation_pipeline_days': {'kind': 'integer', 'min': 1, 'max': 36500},
        'attribution_leading_norm_months': {'kind': 'integer', 'min': 1, 'max': 120},
        'attribution_leading_z_threshold': {'kind': 'number', 'above': 0, 'max': 10},
        'attribution_leading_min_leads': {'kind': 'integer', 'min': 1, 'max': 1000000},
        'attribution_budget_window_days': {'kind': 'integer', 'min': 1, 'max': 36500, 'nullable': true},
        'attribution_budget_max_shift': {'kind': 'number', 'min': 0, 'below': 1},
        'attribution_budget_response_alpha': {'kind': 'number', 'above': 0, 'below': 1},
        'attribution_path_transforms': {'kind': 'path_transforms', 'pattern': '^[a-z0-9_]+$', 'max': 1000000},
        'attribution_markov_removal_basis': {'kind': 'choice', 'values': ['conversions', 'value']},
        'attribution_markov_max_order_compared': {'kind': 'integer', 'min': 1, 'max': 10},
        'attribution_forecast_training_half_life_days': {'kind': 'number', 'above': 0, 'max': 36500, 'nullable': true},
    } -%}
    {%- for system in ['salesforce', 'hubspot'] -%}
        {%- for table in attribution_source_tables(system) -%}
            {%- do specs.update({attribution_source_identifier_var(system, table): {'kind': 'text', 'pattern': identifier}}) -%}
        {%- endfor -%}
    {%- endfor -%}
    {{ return(specs) }}
{%- endmacro %}


{#- The var naming a source system's table in the source schema. -#}
{% macro attribution_source_identifier_var(system, table) -%}
    {{ return('attribution_' ~ system ~ '_' ~ table ~ '_identifier') }}
{%- endmacro %}
