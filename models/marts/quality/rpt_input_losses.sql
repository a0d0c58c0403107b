{#- The loss summary: what happened to every raw row, by table and reason.
    Rows with severity `accepted` and `rejected` add up to the raw table
    (raw = accepted + rejected); `flagged` rows are accepted rows kept with
    a warning (a touch matched to no contact or account, a touch naming a
    campaign_id that no campaign has), so they are not added again. The
    generic tests on this model print every rejected or flagged reason as a
    warning and fail the build when a table loses more than var
    attribution_max_rejected_share of its rows. Rows deleted at the source
    (deleted_in_source: a CRM's recycle bin, a connector's soft deletes) are
    listed but are no loss: the share is of the table's other rows. -#}
{%- set bases = attribution_input_tables() -%}
{%- set max_share = attribution_setting('attribution_max_rejected_share') -%}

with

table_rows as (

    {% for entry in bases %}
        select
            '{{ entry['table'] }}' as source_table,
            cast(count(*) as bigint) as table_row_count,
            cast(coalesce(sum(case when rejection_reason is null then 1 else 0 end), 0) as bigint) as accepted_row_count,
            cast(coalesce(sum(case when rejection_reason = 'deleted_in_source' then 1 else 0 end), 0) as bigint)
                as deleted_row_count
        from {{ ref(entry['base']) }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

rejected as (

    select
        source_table,
        'rejected' as severity,
        rejection_reason as reason,
        root_cause_table,
        root_cause_reason,
        source_key
    from {{ ref('int_input_rejection_causes') }}

),

flagged as (

    select
        'touchpoints' as source_table,
        'flagged' as severity,
        'unresolved_touchpoint' as reason,
        'touchpoints' as root_cause_table,
        'unresolved_touchpoint' as root_cause_reason,
        touchpoint_id as source_key
    from {{ ref('int_touchpoints_resolved') }}
    where is_unresolved

    union all

    select
        'touchpoints' as source_table,
        'flagged' as severity,
        'unknown_campaign_id' as reason,
        'touchpoints' as root_cause_table,
        'unknown_campaign_id' as root_cause_reason,
        touchpoint_id as source_key
    from {{ ref('stg_marketing__touchpoints') }}
    where has_unknown_campaign

),

problems as (

    select * from rejected
    union all
    select * from flagged

),

{# Each group's count, and its three smallest keys as examples a user can look up. #}
groups as (

    select
        source_table,
        severity,
        reason,
        root_cause_table,
        root_cause_reason,
        cast(max(group_row_count) as bigint) as row_count,
        {{ dbt.listagg('example_key', "', '", 'order by example_key') }} as example_keys
    from (
        select
            *,
            coalesce(source_key, '(no key)') as example_key,
            count(*) over (
                partition by source_table, severity, reason, root_cause_table, root_cause_reason
            ) as group_row_count,
            row_number() over (
                partition by source_table, severity, reason, root_cause_table, root_cause_reason
                order by coalesce(source_key, '(no key)')
            ) as example_number
        from problems
    ) as numbered
    where example_number <= 3
    group by source_table, severity, reason, root_cause_table, root_cause_reason

    union all

    select
        source_table,
        'accepted' as severity,
        'accepted' as reason,
        source_table as root_cause_table,
        'accepted' as root_cause_reason,
        accepted_row_count as row_count,
        cast(null as {{ dbt.type_string() }}) as example_keys
    from table_rows

),

final as (

    select
        groups.source_table,
        groups.severity,
        groups.reason,
        groups.root_cause_table,
        groups.root_cause_reason,
        groups.row_count,
        table_rows.table_row_count,
        {{ attribution_safe_divide('groups.row_count', 'table_rows.table_row_count') }} as share_of_table,
        {{ attribution_safe_divide(
            'table_rows.table_row_count - table_rows.accepted_row_count - table_rows.deleted_row_count',
            'table_rows.table_row_count - table_rows.deleted_row_count') }} as table_rejected_share,
        cast({{ max_share }} as {{ attribution_type_double() }}) as max_rejected_share,
        coalesce(
            table_rows.table_row_count - table_rows.accepted_row_count - table_rows.deleted_row_count
            > {{ max_share }} * (table_rows.table_row_count - table_rows.deleted_row_count),
            false
        ) as exceeds_max_rejected_share,
        groups.example_keys
    from groups
    inner join table_rows
        on groups.source_table = table_rows.source_table

)

select * from final
