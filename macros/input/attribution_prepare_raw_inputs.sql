{#- on-run-start: make the raw tables readable and check the input contract
    before any model is written. On DuckDB the raw tables are views over
    `<table>.parquet` or `<table>.csv` in $ATTRIBUTION_DATA_DIR; on warehouses
    they are the user's tables in var('attribution_source_schema').
    A missing file or a missing required column stops the build with a
    message that names the table and the column. Which tables:
    attribution_raw_table_plan (the input contract's nine, or with var
    attribution_source_system a source system's tables). -#}
{% macro attribution_prepare_raw_inputs() -%}
    {#- var attribution_raw_files: read `<table>.csv|parquet` from
        $ATTRIBUTION_DATA_DIR (default on DuckDB and Apache Spark), or use the
        tables already in var('attribution_source_schema') and only check
        their columns (default elsewhere, e.g. Databricks, Snowflake, BigQuery).
        An invocation that selected none of the project's nodes (installed as a
        package, a run of the root project's own models) leaves them alone. -#}
    {%- if execute and not attribution_package_selected() -%}
        {{ return('select 1') }}
    {%- endif -%}
    {%- if var('attribution_raw_files', target.type in ('duckdb', 'spark')) | as_bool -%}
        {{ return(adapter.dispatch('attribution_prepare_raw_inputs', 'attribution')()) }}
    {%- else -%}
        {{ return(default__attribution_prepare_raw_inputs()) }}
    {%- endif -%}
{%- endmacro %}


{#- The name of raw table `table` of `system` in the source schema: a contract
    table's var attribution_<table>_identifier, a source system's table's var
    attribution_<system>_<table>_identifier (default: the table's name, as its
    connector names it; the same var the sources YAML reads). With raw files
    the view over `<table>.csv|parquet` gets this name. -#}
{% macro attribution_raw_identifier(table, system) -%}
    {%- if system == 'contract' -%}
        {{ return(attribution_setting('attribution_' ~ table ~ '_identifier')) }}
    {%- endif -%}
    {{ return(attribution_setting(attribution_source_identifier_var(system, table))) }}
{%- endmacro %}


{% macro attribution_data_dir() -%}
    {{ return(env_var('ATTRIBUTION_DATA_DIR', 'data/demo').rstrip('/')) }}
{%- endmacro %}


{#- The raw tables to read, [{'table', 'required', 'system'}]: in contract
    mode the contract's nine (all required); in a source system's mode the
    system's tables (attribution_source_tables; optional ones may be absent)
    and, when present, the contract's touchpoints and ad_spend (touches and
    spend the CRM does not hold, in the contract's format). -#}
{% macro attribution_raw_table_plan() -%}
    {%- set system = attribution_setting('attribution_source_system') -%}
    {%- set plan = [] -%}
    {%- if system == 'contract' -%}
        {%- for table in attribution_input_contract() -%}
            {%- do plan.append({'table': table, 'required': true, 'system': 'contract'}) -%}
        {%- endfor -%}
    {%- else -%}
        {%- for table, spec in attribution_source_tables(system).items() -%}
            {%- do plan.append({'table': table, 'required': spec['required'], 'system': system}) -%}
        {%- endfor -%}
        {%- for table in ['touchpoints', 'ad_spend'] -%}
            {%- do plan.append({'table': table, 'required': false, 'system': 'contract'}) -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return(plan) }}
{%- endmacro %}


{#- Raise when `columns` (lowercased names) lacks a required column of `table`
    (a contract table, or in a source system's mode one of its tables). -#}
{% macro attribution_check_input_columns(table, columns, where) -%}
    {%- set system = attribution_setting('attribution_source_system') -%}
    {%- if system != 'contract' and table in attribution_source_tables(system) -%}
        {%- do attribution_resolve_source_columns(system, table, columns, where) -%}
        {{ return('') }}
    {%- endif -%}
    {%- set spec = attribution_input_contract()[table] -%}
    {%- set missing = [] -%}
    {%- for column in spec['required'] -%}
        {%- if column not in columns -%}{%- do missing.append(column) -%}{%- endif -%}
    {%- endfor -%}
    {%- if missing -%}
        {{ exceptions.raise_compiler_error(
            "Input table '" ~ table ~ "' (" ~ where ~ ") is missing required column"
            ~ ("s " if missing | length > 1 else " ") ~ "'" ~ (missing | join("', '")) ~ "'. "
            ~ ("It has: " ~ (columns | join(', ')) if columns | select | list else "It has no readable header line")
            ~ ". See the input contract in README.md."
        ) }}
    {%- endif -%}
    {%- for group in spec.get('one_of', []) -%}
        {%- set present = [] -%}
        {%- for column in group -%}
            {%- if column in columns -%}{%- do present.append(column) -%}{%- endif -%}
        {%- endfor -%}
        {%- if not present -%}
            {{ exceptions.raise_compiler_error(
                "Input table '" ~ table ~ "' (" ~ where ~ ") needs at least one of the columns '"
                ~ (group | join("', '")) ~ "'. It has: " ~ (columns | join(', ')) ~ "."
            ) }}
        {%- endif -%}
    {%- endfor -%}
{%- endmacro %}


{% macro default__attribution_prepare_raw_inputs() -%}
    {#- Warehouses: the raw tables already exist; only check their columns. -#}
    {%- if execute -%}
        {%- for entry in attribution_raw_table_plan() -%}
            {%- set table = entry['table'] -%}
            {%- set identifier = attribution_raw_identifier(table, entry['system']) -%}
            {%- set relation = adapter.get_relation(
                database=attribution_setting('attribution_source_database') or target.get('database'),
                schema=attribution_setting('attribution_source_schema'),
                identifier=identifier) -%}
            {%- if relation is none and not entry['required'] -%}
                {#- An optional table that is absent reads as empty (attribution_source_select). -#}
            {%- elif relation is none -%}
                {{ exceptions.raise_compiler_error(
                    "Input table '" ~ table ~ "' not found: no relation '" ~ identifier ~ "' in schema '"
                    ~ attribution_setting('attribution_source_schema') ~ "' (var attribution_source_schema"
                    ~ ", var " ~ ('attribution_' ~ table ~ '_identifier' if entry['system'] == 'contract'
                        else attribution_source_identifier_var(entry['system'], table))
                    ~ ").") }}
            {%- endif -%}
            {%- set columns = [] -%}
            {%- for column in (adapter.get_columns_in_relation(relation) if relation is not none else []) -%}
                {%- do columns.append(column.name | lower) -%}
            {%- endfor -%}
            {%- if relation is not none -%}
                {%- do attribution_check_input_columns(table, columns, relation | string) -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}
    select 1
{%- endmacro %}


{% macro duckdb__attribution_prepare_raw_inputs() -%}
    {%- set data_dir = attribution_data_dir() -%}
    {%- set schema = attribution_setting('attribution_source_schema') -%}
    {%- set wanted_format = attribution_setting('attribution_data_format') -%}
    {%- set readers = {} -%}
    {%- set absent = [] -%}
    {%- if execute -%}
        {#- First pass: find and check every file; nothing is created until all pass. -#}
        {%- for entry in attribution_raw_table_plan() -%}
            {%- set table = entry['table'] -%}
            {%- set found = {} -%}
            {%- for format in ['parquet', 'csv'] -%}
                {%- if wanted_format in ('auto', format) -%}
                    {%- set path = data_dir ~ '/' ~ table ~ '.' ~ format -%}
                    {%- set hits = run_query("select count(*) from glob('" ~ path ~ "')").columns[0].values()[0] -%}
                    {%- if hits > 0 and not found -%}
                        {%- do found.update({'format': format, 'path': path}) -%}
                    {%- endif -%}
                {%- endif -%}
            {%- endfor -%}
            {%- if not found and not entry['required'] -%}
                {#- An optional table without its file: nothing registered (a view
                    left by an earlier run is dropped), the models read it as empty. -#}
                {%- do absent.append(attribution_raw_identifier(table, entry['system'])) -%}
            {%- elif not found -%}
                {{ exceptions.raise_compiler_error(
                    "Input table '" ~ table ~ "': no file " ~ table ~ ".csv or " ~ table ~ ".parquet in '"
                    ~ data_dir ~ "' (set ATTRIBUTION_DATA_DIR to the folder of your raw files, "
                    ~ ("or run `make demo-data`)." if entry['system'] == 'contract'
                        else "named as the " ~ entry['system'] ~ " connector names its tables; see docs/"
                        ~ entry['system'] ~ ".md).")) }}
            {%- endif -%}
            {%- if not found -%}
            {%- elif found['format'] == 'csv' -%}
                {%- set reader = attribution_duckdb_checked_csv_reader(table, found['path']) -%}
            {%- else -%}
                {%- set reader = "read_parquet('" ~ found['path'] ~ "')" -%}
            {%- endif -%}
            {%- if found -%}
                {%- set described = run_query("describe select * from " ~ reader) -%}
                {%- set columns = [] -%}
                {%- for name in described.columns[0].values() -%}
                    {%- do columns.append(name | lower) -%}
                {%- endfor -%}
                {%- do attribution_check_input_columns(table, columns, found['path']) -%}
                {%- do readers.update({attribution_raw_identifier(table, entry['system']): reader}) -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endif %}
    create schema if not exists {{ schema }};
    {% for identifier, reader in readers.items() -%}
    create or replace view {{ schema }}.{{ adapter.quote(identifier) }} as select * from {{ reader }};
    {% endfor -%}
    {% for identifier in absent -%}
    drop view if exists {{ schema }}.{{ adapter.quote(identifier) }};
    {% endfor %}
{%- endmacro %}


{% macro spark__attribution_prepare_raw_inputs() -%}
    {#- Spark: the raw tables are external tables over `<table>.csv` (every
        column text, header line names the columns) or `<table>.parquet` in
        $ATTRIBUTION_DATA_DIR, dropped and re-created at the start of every
        run (dropping an external table leaves its file alone). Spark SQL
        cannot look for a file before reading it, so var
        attribution_data_format picks the format ('auto' means csv here); a
        missing file stops the run with Spark's "path does not exist" and the
        path. Each table's columns are then checked against the contract
        before any model runs. -#}
    {%- set data_dir = attribution_data_dir() -%}
    {#- Spark resolves a relative path against its warehouse folder: anchor it
        at the folder dbt was started from. URIs (s3a://, abfss://, dbfs:/) pass. -#}
    {%- if not data_dir.startswith('/') and ':' not in data_dir -%}
        {%- set data_dir = env_var('PWD', '.') ~ '/' ~ data_dir -%}
    {%- endif -%}
    {%- set schema = attribution_setting('attribution_source_schema') -%}
    {%- set format = attribution_setting('attribution_data_format') -%}
    {%- set format = 'csv' if format == 'auto' else format -%}
    {%- if format not in ('csv', 'parquet') -%}
        {{ exceptions.raise_compiler_error(
            "var attribution_data_format must be auto, csv or parquet, got '" ~ format ~ "'.") }}
    {%- endif -%}
    {%- if attribution_setting('attribution_source_system') != 'contract' -%}
        {{ exceptions.raise_compiler_error(
            "var attribution_source_system '" ~ attribution_setting('attribution_source_system')
            ~ "': Spark cannot tell an absent optional file from a present one before reading it, so it "
            ~ "registers only the input contract's files. Load the connector's tables into schema '"
            ~ schema ~ "' and set var attribution_raw_files: false (see docs/"
            ~ attribution_setting('attribution_source_system') ~ ".md).") }}
    {%- endif -%}
    {%- if execute -%}
        {%- do run_query("create schema if not exists " ~ schema) -%}
        {%- for table in attribution_input_contract() -%}
            {%- set path = data_dir ~ '/' ~ table ~ '.' ~ format -%}
            {%- set name = schema ~ "." ~ attribution_raw_identifier(table, 'contract') -%}
            {%- do run_query("drop table if exists " ~ name) -%}
            {%- if format == 'csv' -%}
                {%- do run_query(
                    "create table " ~ name ~ " using csv options ("
                    ~ "path '" ~ path ~ "', header 'true', inferSchema 'false', multiLine 'true', "
                    ~ "quote '\"', escape '\"', mode 'PERMISSIVE', encoding 'UTF-8')") -%}
            {%- else -%}
                {%- do run_query(
                    "create table " ~ name ~ " using parquet options (path '" ~ path ~ "')") -%}
            {%- endif -%}
            {%- set columns = [] -%}
            {%- for row in run_query("describe table " ~ name) -%}
                {%- if row[0] and not row[0].startswith('#') -%}
                    {%- do columns.append(row[0] | lower) -%}
                {%- endif -%}
            {%- endfor -%}
            {%- do attribution_check_input_columns(table, columns, path) -%}
        {%- endfor -%}
    {%- endif %}
    select 1
{%- endmacro %}
