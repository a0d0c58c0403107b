{#- Reading a source system's raw table (attribution_source_tables) as one
    shape, whatever its column convention:

    attribution_source_relation(system, table): the table's relation (dbt
    source `system`.`table`), or none when an optional table is absent. A
    required table that is absent is the raw-file hook's error, raised before
    any model runs (attribution_prepare_raw_inputs); without the hook (the
    linter renders models with no raw tables) it is the declared relation,
    read by its canonical column names.

    attribution_source_select(system, table): a select of every canonical
    column of the table as text (found by its name or an alias,
    case-insensitively; null when an optional column is absent), plus
    is_deleted_in_source (the system's deleted flags). An absent optional
    table selects no row. A required column that is absent stops the build
    with a message naming the table and the column. -#}
{% macro attribution_source_relation(system, table) -%}
    {%- set relation = source(system, table) -%}
    {%- if not execute -%}{{ return(relation) }}{%- endif -%}
    {%- set found = adapter.get_relation(
        database=relation.database, schema=relation.schema, identifier=relation.identifier) -%}
    {%- if found is none and attribution_source_tables(system)[table]['required'] -%}
        {{ return(relation) }}
    {%- endif -%}
    {{ return(found) }}
{%- endmacro %}


{#- {canonical name: the actual column name or none} of `table` among
    `columns` (the relation's actual column names); raises when a required
    column has neither its name nor an alias. -#}
{% macro attribution_resolve_source_columns(system, table, columns, where) -%}
    {%- set by_lower = {} -%}
    {%- for column in columns -%}{%- do by_lower.update({column | lower: column}) -%}{%- endfor -%}
    {%- set resolved = {} -%}
    {%- set missing = [] -%}
    {%- for column in attribution_source_tables(system)[table]['columns'] -%}
        {%- set hits = [] -%}
        {%- for name in [column['name']] + column['aliases'] -%}
            {%- if name | lower in by_lower and not hits -%}{%- do hits.append(by_lower[name | lower]) -%}{%- endif -%}
        {%- endfor -%}
        {%- do resolved.update({column['name']: hits[0] if hits else none}) -%}
        {%- if column['required'] and not hits -%}
            {%- do missing.append(([column['name']] + column['aliases']) | join("' or '")) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if missing -%}
        {{ exceptions.raise_compiler_error(
            "Input table '" ~ table ~ "' (" ~ where ~ ") is missing required column"
            ~ ("s " if missing | length > 1 else " ") ~ "'" ~ (missing | join("', '")) ~ "'. "
            ~ ("It has: " ~ (columns | join(', ')) if columns | select | list else "It has no readable header line")
            ~ ". See docs/" ~ system ~ ".md.") }}
    {%- endif -%}
    {{ return(resolved) }}
{%- endmacro %}


{#- The deleted flags of `system` present among `columns`: [(actual name, deleted_when)].
    A history table's `_fivetran_active` marks its earlier entries, not
    deleted rows (attribution_source_systems), so it is no flag there. -#}
{% macro attribution_source_deleted_flags(system, columns, table=none) -%}
    {%- set history_table = table is not none and attribution_source_tables(system)[table].get('history_table') -%}
    {%- set by_lower = {} -%}
    {%- for column in columns -%}{%- do by_lower.update({column | lower: column}) -%}{%- endfor -%}
    {%- set flags = [] -%}
    {%- for flag in attribution_source_systems()[system]['deleted'] -%}
        {%- for name in flag['names'] -%}
            {%- if name | lower in by_lower and not (history_table and name == '_fivetran_active') -%}
                {%- do flags.append((by_lower[name | lower], flag['deleted_when'])) -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endfor -%}
    {{ return(flags) }}
{%- endmacro %}


{% macro attribution_source_select(system, table) -%}
    {%- set spec = attribution_source_tables(system)[table] -%}
    {%- set relation = attribution_source_relation(system, table) -%}
    {%- set columns = [] -%}
    {%- if execute and relation is not none -%}
        {%- for column in adapter.get_columns_in_relation(relation) -%}
            {%- do columns.append(column.name) -%}
        {%- endfor -%}
    {%- endif -%}
    {%- if execute and relation is not none and columns -%}
        {%- set resolved = attribution_resolve_source_columns(system, table, columns, relation | string) -%}
    {%- elif relation is not none -%}
        {#- Columns unknown (parsing, or a required table the linter has not got): canonical names. -#}
        {%- set resolved = {} -%}
        {%- for column in spec['columns'] -%}{%- do resolved.update({column['name']: column['name']}) -%}{%- endfor -%}
    {%- else -%}
        {%- set resolved = {} -%}
    {%- endif -%}
    {%- set flags = attribution_source_deleted_flags(system, columns, table) %}
    select
        {%- for column in spec['columns'] %}
        {%- if resolved.get(column['name']) %}
        cast({{ adapter.quote(resolved[column['name']]) }} as {{ dbt.type_string() }}) as {{ column['name'] }},
        {%- else %}
        cast(null as {{ dbt.type_string() }}) as {{ column['name'] }},
        {%- endif %}
        {%- endfor %}
        {%- if flags %}
        (
            {%- for name, deleted_when in flags %}
            coalesce({{ attribution_parse_boolean(dbt.cast(adapter.quote(name), dbt.type_string())) }} = {{ 'true' if deleted_when else 'false' }}, false)
            {%- if not loop.last %} or{% endif %}
            {%- endfor %}
        ) as is_deleted_in_source
        {%- else %}
        false as is_deleted_in_source
        {%- endif %}
    {%- if relation is not none %}
    from {{ relation }}
    {%- else %}
    {#- An absent optional table: no row. #}
    where 1 = 0
    {%- endif %}
{%- endmacro %}


{#- A base model of a source system's table: every raw row with its canonical
    columns as text, source_key, raw_row (`column=value | ...`), copy_number
    and rejection_reason (deleted_in_source, else null: accepted). Staging
    checks single rows only; ids that point nowhere are the conform models'
    business (models/intermediate/<system>). -#}
{% macro attribution_source_base_model(system, table) -%}
    {%- set spec = attribution_source_tables(system)[table] -%}
    {%- set parts = [] -%}
    {%- for column in spec['columns'] -%}
        {%- do parts.append("'" ~ column['name'] ~ "='") -%}
        {%- do parts.append("coalesce(" ~ column['name'] ~ ", '')") -%}
        {%- if not loop.last -%}{%- do parts.append("' | '") -%}{%- endif -%}
    {%- endfor -%}
    {%- set key_parts = [] -%}
    {%- for column in spec['key'] -%}
        {%- do key_parts.append("coalesce(" ~ column ~ ", '')") -%}
        {%- if not loop.last -%}{%- do key_parts.append("'|'") -%}{%- endif -%}
    {%- endfor -%}
with

source as (
    {{ attribution_source_select(system, table) }}
),

described as (

    select
        *,
        {{ dbt.concat(key_parts) if key_parts | length > 1 else key_parts[0] }} as source_key,
        {{ dbt.concat(parts) }} as raw_row
    from source

),

final as (

    select
        *,
        row_number() over (partition by raw_row order by raw_row) as copy_number,
        case when is_deleted_in_source then 'deleted_in_source' end as rejection_reason
    from described

)

select * from final
{%- endmacro %}


{#- The staging model of a source system's table: its accepted rows, canonical columns. -#}
{% macro attribution_source_staging_model(system, table) -%}
    {%- set spec = attribution_source_tables(system)[table] -%}
select
    {%- for column in spec['columns'] %}
    {{ column['name'] }}{{ "," if not loop.last }}
    {%- endfor %}
from {{ ref('base_' ~ system ~ '__' ~ table) }}
where rejection_reason is null
{%- endmacro %}


{#- A contract table (touchpoints, ad_spend) that may lie beside a source
    system's tables, in the contract's format: its contract columns as text
    (an absent optional column as null), or no row when it is absent. -#}
{% macro attribution_optional_contract_select(table) -%}
    {%- set spec = attribution_input_contract()[table] -%}
    {%- set relation = source(spec['source'], table) -%}
    {%- set found = none -%}
    {%- set present = [] -%}
    {#- In a dbt unit test the source is a fixture with no table name: read as absent. -#}
    {%- if execute and relation.identifier -%}
        {%- set found = adapter.get_relation(
            database=relation.database, schema=relation.schema, identifier=relation.identifier) -%}
        {%- for column in (adapter.get_columns_in_relation(found) if found is not none else []) -%}
            {%- do present.append(column.name | lower) -%}
        {%- endfor -%}
    {%- endif %}
    select
        {%- for column in spec['required'] + spec['optional'] %}
        {%- if column in present %}
        cast({{ adapter.quote(column) }} as {{ dbt.type_string() }}) as {{ column }}
        {%- else %}
        cast(null as {{ dbt.type_string() }}) as {{ column }}
        {%- endif -%}
        {{- "," if not loop.last }}
        {%- endfor %}
    {%- if found is not none %}
    from {{ found }}
    {%- else %}
    where 1 = 0
    {%- endif %}
{%- endmacro %}


{#- A Salesforce timestamp or date text as the contract's text
    (`YYYY-MM-DD HH:MM:SS`, UTC); text that does not parse passes unchanged
    so the contract's staging rejects it as unparseable, with the value. -#}
{% macro attribution_source_timestamp_text(column) -%}
    coalesce({{ dbt.cast(attribution_parse_timestamp(column), dbt.type_string()) }}, {{ column }})
{%- endmacro %}
