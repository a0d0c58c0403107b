{#- Every raw row is either accepted (in its staging model) or rejected
    (in stg_input__rejected_rows): raw = accepted + rejected, per table
    (attribution_input_tables: the contract's, and a source system's own). -#}
{%- set tables = attribution_input_tables() -%}

with

rejected as (

    select
        source_table,
        count(*) as rejected_rows
    from {{ ref('stg_input__rejected_rows') }}
    group by source_table

),

counts as (

    {% for entry in tables %}
        select
            '{{ entry['table'] }}' as source_table,
            (select count(*) from {{ entry['raw'] }}) as raw_rows,
            (
                select count(*) from {{ ref(entry['staging']) }}
                {%- if entry['accepted_filter'] %} where {{ entry['accepted_filter'] }}{% endif %}
            ) as accepted_rows
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

compared as (

    select
        counts.source_table,
        counts.raw_rows,
        counts.accepted_rows,
        coalesce(rejected.rejected_rows, 0) as rejected_rows
    from counts
    left join rejected
        on counts.source_table = rejected.source_table

)

select * from compared
where raw_rows <> accepted_rows + rejected_rows
