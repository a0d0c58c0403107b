{#- The loss gate, on rpt_input_losses (see that model).

    attribution_no_input_losses (severity warn): one warning per rejected or
    flagged reason, printed with its table, count, share and three example
    keys, so no lost row goes unmentioned; the test then warns with the
    number of such reasons.

    attribution_input_losses_within_limit (severity error): fails the build
    with the project's message when a table lost more than var
    attribution_max_rejected_share of its rows, naming the table, its share,
    and every reason (with root cause, count and examples) behind the loss.
    Rows deleted at the source are no loss (rpt_input_losses). -#}

{% test attribution_no_input_losses(model) %}

{%- if execute -%}
    {%- set found = run_query(
        "select source_table, severity, reason, root_cause_table, root_cause_reason, row_count, share_of_table, "
        ~ "example_keys from " ~ model ~ " where severity <> 'accepted' "
        ~ "order by source_table, severity, row_count desc, reason, root_cause_table, root_cause_reason") -%}
    {%- for row in found.rows -%}
        {%- set cause = "" if (row[3] == row[0] and row[4] == row[2])
            else " (root cause: " ~ row[3] ~ " " ~ row[4] ~ ")" -%}
        {%- do log(
            "WARNING attribution: input table '" ~ row[0] ~ "': " ~ row[5] ~ " row" ~ ("s" if row[5] != 1 else "")
            ~ " " ~ ("rejected" if row[1] == 'rejected' else "kept but flagged") ~ " as " ~ row[2] ~ cause
            ~ " (" ~ "%.2f" | format(row[6] * 100) ~ "% of the table), e.g. " ~ row[7],
            info=True) -%}
    {%- endfor -%}
{%- endif %}

select
    source_table,
    severity,
    reason,
    root_cause_table,
    root_cause_reason,
    row_count,
    example_keys
from {{ model }}
where severity <> 'accepted'

{% endtest %}


{% test attribution_input_losses_within_limit(model) %}

{%- if execute -%}
    {%- set found = run_query(
        "select source_table, table_rejected_share, table_row_count - coalesce((select sum(deleted.row_count) from "
        ~ model ~ " as deleted where deleted.source_table = losses.source_table and deleted.reason = "
        ~ "'deleted_in_source'), 0), max_rejected_share, reason, "
        ~ "root_cause_table, root_cause_reason, row_count, example_keys from " ~ model ~ " as losses"
        ~ " where exceeds_max_rejected_share and severity = 'rejected' and reason <> 'deleted_in_source' "
        ~ "order by source_table, row_count desc, reason, root_cause_table, root_cause_reason") -%}
    {%- if found.rows | length > 0 -%}
        {%- set lines = [] -%}
        {%- set seen = [] -%}
        {%- for row in found.rows -%}
            {%- if row[0] not in seen -%}
                {%- do seen.append(row[0]) -%}
                {%- do lines.append(
                    "Input table '" ~ row[0] ~ "' lost " ~ "%.2f" | format(row[1] * 100) ~ "% of its "
                    ~ row[2] ~ " rows, more than attribution_max_rejected_share ("
                    ~ "%.2f" | format(row[3] * 100) ~ "%):") -%}
            {%- endif -%}
            {%- set cause = "" if (row[5] == row[0] and row[6] == row[4])
                else " because its " ~ row[5] ~ " row was rejected as " ~ row[6] -%}
            {%- do lines.append(
                "  " ~ row[7] ~ " rejected as " ~ row[4] ~ cause ~ ", e.g. " ~ row[8]) -%}
        {%- endfor -%}
        {%- do lines.append(
            "Fix these rows (staging.stg_input__rejected_rows holds each one with its raw text), or raise "
            ~ "var attribution_max_rejected_share to accept the loss. Every reason is in marts.rpt_input_losses "
            ~ "and docs/data_quality.md.") -%}
        {{ exceptions.raise_compiler_error(lines | join('\n')) }}
    {%- endif -%}
{%- endif %}

select source_table
from {{ model }}
where exceeds_max_rejected_share

{% endtest %}
