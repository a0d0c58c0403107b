{#- on-run-start: drop the `<model>__dbt_tmp` and `<model>__dbt_backup`
    relations a build killed midway can leave in the project's schemas (dbt
    commits a model's new table, then drops the previous one in a separate
    statement). A full rebuild would drop each when its model runs again, but a
    build of a selection would keep the others, where BI tools see them and
    their blocks stay in the file. Each drop is logged, so nothing goes
    silently. DuckDB only: one process at a time can write the file, so no
    other build can be using them; on a shared warehouse another run's
    relations of these names may be in use, so other targets leave them.
    Installed as a package, only the package's own schemas are looked at: the
    root project's relations are its own business. -#}
{% macro attribution_drop_leftover_relations() -%}
    {{ return(adapter.dispatch('attribution_drop_leftover_relations', 'attribution')()) }}
{%- endmacro %}


{% macro default__attribution_drop_leftover_relations() -%}
{%- endmacro %}


{% macro duckdb__attribution_drop_leftover_relations() -%}
    {%- if execute -%}
        {%- set schemas = [] -%}
        {%- for node in graph.nodes.values() -%}
            {%- if node.resource_type in ('model', 'seed', 'snapshot') and node.package_name == 'attribution'
                and node.schema not in schemas -%}
                {%- do schemas.append(node.schema) -%}
            {%- endif -%}
        {%- endfor -%}
        {%- set leftovers = run_query(
            "select table_schema, table_name, table_type from information_schema.tables"
            ~ " where table_catalog = current_database()"
            ~ " and table_schema in ('" ~ (schemas | join("', '")) ~ "')"
            ~ " and (table_name like '%\\_\\_dbt\\_tmp' escape '\\' or table_name like '%\\_\\_dbt\\_backup' escape '\\')"
            ~ " order by table_schema, table_name") -%}
        {%- for row in leftovers.rows -%}
            {%- set relation = api.Relation.create(
                database=target.database, schema=row[0], identifier=row[1],
                type=('view' if row[2] == 'VIEW' else 'table')) -%}
            {{ log("attribution: dropping " ~ relation ~ ", left by a build that stopped midway", info=True) }}
            {%- do adapter.drop_relation(relation) -%}
        {%- endfor -%}
    {%- endif -%}
{%- endmacro %}
