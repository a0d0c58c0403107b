{#- The one list of raw tables whose every row is accepted or rejected, read
    by stg_input__rejected_rows, rpt_input_losses and the test
    assert_raw_rows_reconcile: the input contract's nine tables (in a source
    system's mode, the conform models' output, models/intermediate/<system>),
    then the chosen source system's own tables. Each entry:
      table: the name in the loss summary;
      base: the model with every raw row and its rejection_reason;
      staging: the model with the accepted rows;
      accepted_filter: a condition on `staging` picking the rows counted as
        accepted raw rows (none: all);
      raw: the relation (or a select) holding the raw rows. -#}
{% macro attribution_input_tables() -%}
    {%- set system = attribution_setting('attribution_source_system') -%}
    {%- set entries = [] -%}
    {%- for table, spec in attribution_input_contract().items() -%}
        {%- do entries.append({
            'table': table,
            'base': 'base_' ~ spec['source'] ~ '__' ~ table,
            'staging': 'stg_' ~ spec['source'] ~ '__' ~ table,
            'accepted_filter': 'not is_implicit' if table == 'currency_rates' else none,
            'raw': attribution_input_relation(table),
        }) -%}
    {%- endfor -%}
    {%- for table in attribution_source_tables(system) -%}
        {%- set relation = attribution_source_relation(system, table) -%}
        {%- do entries.append({
            'table': table,
            'base': 'base_' ~ system ~ '__' ~ table,
            'staging': 'stg_' ~ system ~ '__' ~ table,
            'accepted_filter': none,
            'raw': relation if relation is not none else '(select 1 as absent_table where 1 = 0) as absent_table',
        }) -%}
    {%- endfor -%}
    {{ return(entries) }}
{%- endmacro %}


{#- The relation a contract table's base model reads: the source table in
    contract mode, else the conform model int_<system>__<table> that builds
    the contract table from the system's tables. Both the source and the ref
    are named here at parse time, under the same setting as at run time, so
    dbt's graph holds the edge of the mode the build runs in. -#}
{% macro attribution_input_relation(table) -%}
    {%- set system = attribution_setting('attribution_source_system') -%}
    {%- if system not in attribution_supported_source_systems() -%}
        {#- Say so at parse time, before dbt would name a missing model. -#}
        {%- do attribution_raise_setting_problems() -%}
    {%- endif -%}
    {%- if system == 'contract' -%}
        {{ return(source(attribution_input_contract()[table]['source'], table)) }}
    {%- else -%}
        {{ return(ref('int_' ~ system ~ '__' ~ table)) }}
    {%- endif -%}
{%- endmacro %}
