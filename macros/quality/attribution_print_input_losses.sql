{#- on-run-end: print the loss summary (marts.rpt_input_losses) at the end
    of every build that built it, so a user reading the log sees what was
    left out without looking for it: per raw table its rows, accepted,
    rejected (with share) and flagged rows, then every rejected or flagged
    reason. -#}
{% macro attribution_print_input_losses(results) -%}
    {%- if execute -%}
        {%- set built = [] -%}
        {%- for result in results -%}
            {%- if result.node.name == 'rpt_input_losses' and result.node.package_name == 'attribution'
                and result.node.resource_type == 'model'
                and result.status == 'success' -%}
                {%- do built.append(result.node) -%}
            {%- endif -%}
        {%- endfor -%}
        {%- if built -%}
            {%- set relation = api.Relation.create(
                database=built[0].database, schema=built[0].schema, identifier=built[0].alias) -%}
            {%- set tables = run_query(
                "select source_table, max(table_row_count), "
                ~ "sum(case when severity = 'accepted' then row_count else 0 end), "
                ~ "sum(case when severity = 'rejected' then row_count else 0 end), "
                ~ "max(table_rejected_share), "
                ~ "sum(case when severity = 'flagged' then row_count else 0 end), "
                ~ "bool_or(exceeds_max_rejected_share) "
                ~ "from " ~ relation ~ " group by source_table order by source_table") -%}
            {%- set lines = ["", "attribution: input rows (raw = accepted + rejected; flagged rows are kept)",
                "  " ~ "table" ~ " " * 22 ~ "raw  accepted  rejected   share  flagged"] -%}
            {%- for row in tables.rows -%}
                {%- do lines.append("  %-25s %5d %9d %9d %6.2f%% %8d%s" | format(
                    row[0], row[1], row[2], row[3], (row[4] or 0) * 100, row[5],
                    "  over the limit" if row[6] else "")) -%}
            {%- endfor -%}
            {%- set reasons = run_query(
                "select source_table, severity, reason, root_cause_table, root_cause_reason, row_count, "
                ~ "example_keys from " ~ relation ~ " where severity <> 'accepted' "
                ~ "order by source_table, severity desc, row_count desc, reason, root_cause_table, root_cause_reason") -%}
            {%- for row in reasons.rows -%}
                {%- set cause = "" if (row[3] == row[0] and row[4] == row[2])
                    else ", root cause " ~ row[3] ~ " " ~ row[4] -%}
                {%- do lines.append("  " ~ row[1] ~ ": " ~ row[0] ~ " " ~ row[2] ~ " " ~ row[5] ~ cause
                    ~ " (e.g. " ~ row[6] ~ ")") -%}
            {%- endfor -%}
            {%- if not reasons.rows -%}
                {%- do lines.append("  no row rejected or flagged") -%}
            {%- endif -%}
            {{ log(lines | join('\n'), info=True) }}
        {%- endif -%}
    {%- endif -%}
    select 1
{%- endmacro %}
