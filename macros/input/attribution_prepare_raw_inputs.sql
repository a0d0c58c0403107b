{#- on-run-start: make the raw tables readable and check the input contract
    before any model is written. On DuckDB the raw tables are views over
    `<table>.parquet` or `<table>.csv` in $ATTRIBUTION_DATA_DIR; on warehouses
    they are the user's tables in var('attribution_source_schema').
    A missing file or a missing required column stops the build with a
    message that names the table and the column. -#}
{% macro attribution_prepare_raw_inputs() -%}
    {#- var attribution_raw_files: read `<table>.csv|parquet` from
        $ATTRIBUTION_DATA_DIR (default on DuckDB and Apache Spark), or use the
        tables already in var('attribution_source_schema') and only check
        their columns (default elsewhere, e.g. Databricks, Snowflake, BigQuery). -#}
    {%- if var('attribution_raw_files', target.type in ('duckdb', 'spark')) | as_bool -%}
        {{ return(adapter.dispatch('attribution_prepare_raw_inputs', 'attribution')()) }}
    {%- else -%}
        {{ return(default__attribution_prepare_raw_inputs()) }}
    {%- endif -%}
{%- endmacro %}


{% macro attribution_data_dir() -%}
    {{ return(env_var('ATTRIBUTION_DATA_DIR', 'data/demo').rstrip('/')) }}
{%- endmacro %}


{#- Raise when `columns` (lowercased names) lacks a required column of `table`. -#}
{% macro attribution_check_input_columns(table, columns, where) -%}
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
        {%- for table, spec in attribution_input_contract().items() -%}
            {%- set relation = adapter.get_relation(
                database=attribution_setting('attribution_source_database') or target.get('database'),
                schema=attribution_setting('attribution_source_schema'),
                identifier=table) -%}
            {%- if relation is none -%}
                {{ exceptions.raise_compiler_error(
                    "Input table '" ~ table ~ "' not found in schema '" ~ attribution_setting('attribution_source_schema')
                    ~ "' (var attribution_source_schema).") }}
            {%- endif -%}
            {%- set columns = [] -%}
            {%- for column in adapter.get_columns_in_relation(relation) -%}
                {%- do columns.append(column.name | lower) -%}
            {%- endfor -%}
            {%- do attribution_check_input_columns(table, columns, relation | string) -%}
        {%- endfor -%}
    {%- endif -%}
    select 1
{%- endmacro %}


{% macro duckdb__attribution_prepare_raw_inputs() -%}
    {%- set data_dir = attribution_data_dir() -%}
    {%- set schema = attribution_setting('attribution_source_schema') -%}
    {%- set wanted_format = attribution_setting('attribution_data_format') -%}
    {%- set readers = {} -%}
    {%- if execute -%}
        {#- First pass: find and check every file; nothing is created until all pass. -#}
        {%- for table in attribution_input_contract() -%}
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
            {%- if not found -%}
                {{ exceptions.raise_compiler_error(
                    "Input table '" ~ table ~ "': no file " ~ table ~ ".csv or " ~ table ~ ".parquet in '"
                    ~ data_dir ~ "' (set ATTRIBUTION_DATA_DIR to the folder of your raw files, "
                    ~ "or run `make demo-data`).") }}
            {%- endif -%}
            {%- if found['format'] == 'csv' -%}
                {%- set reader = attribution_duckdb_checked_csv_reader(table, found['path']) -%}
            {%- else -%}
                {%- set reader = "read_parquet('" ~ found['path'] ~ "')" -%}
            {%- endif -%}
            {%- set described = run_query("describe select * from " ~ reader) -%}
            {%- set columns = [] -%}
            {%- for name in described.columns[0].values() -%}
                {%- do columns.append(name | lower) -%}
            {%- endfor -%}
            {%- do attribution_check_input_columns(table, columns, found['path']) -%}
            {%- do readers.update({table: reader}) -%}
        {%- endfor -%}
    {%- endif %}
    create schema if not exists {{ schema }};
    {% for table, reader in readers.items() -%}
    create or replace view {{ schema }}.{{ table }} as select * from {{ reader }};
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
    {%- if execute -%}
        {%- do run_query("create schema if not exists " ~ schema) -%}
        {%- for table in attribution_input_contract() -%}
            {%- set path = data_dir ~ '/' ~ table ~ '.' ~ format -%}
            {%- do run_query("drop table if exists " ~ schema ~ "." ~ table) -%}
            {%- if format == 'csv' -%}
                {%- do run_query(
                    "create table " ~ schema ~ "." ~ table ~ " using csv options ("
                    ~ "path '" ~ path ~ "', header 'true', inferSchema 'false', multiLine 'true', "
                    ~ "quote '\"', escape '\"', mode 'PERMISSIVE', encoding 'UTF-8')") -%}
            {%- else -%}
                {%- do run_query(
                    "create table " ~ schema ~ "." ~ table ~ " using parquet options (path '" ~ path ~ "')") -%}
            {%- endif -%}
            {%- set columns = [] -%}
            {%- for row in run_query("describe table " ~ schema ~ "." ~ table) -%}
                {%- if row[0] and not row[0].startswith('#') -%}
                    {%- do columns.append(row[0] | lower) -%}
                {%- endif -%}
            {%- endfor -%}
            {%- do attribution_check_input_columns(table, columns, path) -%}
        {%- endfor -%}
    {%- endif %}
    select 1
{%- endmacro %}
