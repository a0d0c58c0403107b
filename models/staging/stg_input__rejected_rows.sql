{#- Every raw row that failed validation, with why. Together with the staging
    models it accounts for every raw row: raw = accepted + rejected. The
    tables: attribution_input_tables (the contract's, and in a source
    system's mode its own tables too). -#}
{%- set bases = attribution_input_tables() -%}

with

{% for entry in bases %}
    rejected_{{ entry['table'] }} as (

        select
            '{{ entry['table'] }}' as source_table,
            source_key,
            rejection_reason,
            copy_number,
            raw_row
        from {{ ref(entry['base']) }}
        where rejection_reason is not null

    ),

{% endfor %}
unioned as (

    {% for entry in bases %}
        select * from rejected_{{ entry['table'] }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

final as (

    select
        {{ dbt.hash(dbt.concat(["source_table", "'|'", "raw_row", "'|'", dbt.cast("copy_number", dbt.type_string())])) }}
            as rejected_row_id,
        source_table,
        source_key,
        rejection_reason,
        raw_row
    from unioned

)

select * from final
