{#- A select of one row and one text column, `fingerprint`, that changes when
    the rows of `relation` (their `columns`, a list of expressions) change:
    `<count>:<sum of low hash parts>:<sum of high hash parts>`
    (attribution_row_hash_parts), the same for the same rows in any order.
    The incremental builds of the touch chain (docs/incremental_builds.md)
    store it on every row they write and compare it with the current one:
    a lookup table that changed (a channel rule, a campaign, a contact)
    makes them recompute every row instead of the new ones only. -#}
{% macro attribution_relation_fingerprint(relation, columns) -%}
    {%- set parts = attribution_row_hash_parts(columns) -%}
    select
        {{ dbt.concat([
            dbt.cast('count(*)', dbt.type_string()), "':'",
            dbt.cast('coalesce(sum(' ~ parts[0] ~ '), 0)', dbt.type_string()), "':'",
            dbt.cast('coalesce(sum(' ~ parts[1] ~ '), 0)', dbt.type_string()),
        ]) }} as fingerprint
    from {{ relation }}
{%- endmacro %}
