{#- One row per raw touchpoints row, typed and validated: accepted, or
    rejected with a reason (attribution_flag_rejections). A row's verdict
    depends on itself and on the other rows of its group, the rows with the
    same touchpoint_id (duplicate copies, duplicate ids), or for a row with
    no touchpoint_id, the other rows with none (raw_group_key '').
    Incremental builds (docs/incremental_builds.md): on DuckDB the table is
    materialized='incremental' (delete+insert on raw_group_key). Every row
    stores a 64-bit hash of its raw text in two parts (raw_row_hash_low,
    raw_row_hash_high), a hash of the validation rules
    (validation_definition_hash: the rendered typing and checks, the
    settings they read) and the invocation that wrote it (raw_built_by). A
    build over an existing table revalidates only the groups whose raw rows
    changed: a group's row count and hash sums in the raw input differ from
    the stored ones (a new touch, a late copy of a stored one, a changed or
    vanished row of a group that keeps others), it was validated under other
    rules, or it holds a row whose verdict moves with the build's clock (an
    occurred_at rejected as implausible, or now implausible). The post_hook
    deletes the groups no longer in the raw input. -#}
{{ config(
    materialized=attribution_incremental_build_materialization(),
    incremental_strategy='delete+insert',
    unique_key='raw_group_key',
    on_schema_change='fail',
    post_hook="{{ attribution_delete_vanished_touch_groups() }}",
) }}
{%- do attribution_require_stored_columns([
    'raw_group_key', 'raw_row_hash_low', 'raw_row_hash_high', 'validation_definition_hash', 'raw_built_by',
]) -%}
{%- set contract = attribution_input_contract()['touchpoints'] -%}
{%- set raw_hash = attribution_row_hash_parts(contract['required'] + contract['optional']) -%}
{%- set is_implausible = attribution_is_implausible_timestamp('occurred_at') -%}
{#- The validation rules: this model's code and what the macros it calls
    render to, without the build's clock (the implausible check is named by
    its settings; the clock is handled group by group, below). -#}
{%- set validation_definition_hash = local_md5([
    model.raw_code if model is mapping and model.raw_code else '',
    contract | string,
    attribution_clean_text('column'),
    attribution_parse_timestamp('column'),
    attribution_normalize_domain('column'),
    attribution_raw_key_text('touchpoints'),
    attribution_raw_row_text('touchpoints'),
    attribution_flag_rejections('checked', ['touchpoint_id'], 'touchpoint_id'),
    attribution_kept_if_rejected('column'),
    'min ' ~ attribution_setting('attribution_min_valid_date'),
    'future days ' ~ attribution_setting('attribution_max_future_days'),
] | join('\n')) -%}

with

raw_rows as (

    select
        *,
        coalesce({{ attribution_clean_text('touchpoint_id') }}, '') as raw_group_key,
        {{ raw_hash[0] }} as raw_row_hash_low,
        {{ raw_hash[1] }} as raw_row_hash_high
    from (
        select
            {{ attribution_raw_columns('touchpoints') }}
        from {{ attribution_input_relation('touchpoints') }}
    ) as raw_input

),

{% if is_incremental() -%}
    raw_groups as (

        select
            raw_group_key,
            count(*) as row_count,
            sum(raw_row_hash_low) as hash_low_sum,
            sum(raw_row_hash_high) as hash_high_sum
        from raw_rows
        group by raw_group_key

    ),

    stored_groups as (

        {#- A group validated under these rules and with no row whose verdict
            moves with the clock. -#}
        select
            raw_group_key,
            count(*) as row_count,
            sum(raw_row_hash_low) as hash_low_sum,
            sum(raw_row_hash_high) as hash_high_sum
        from {{ this }}
        group by raw_group_key
        having
            min(validation_definition_hash) = '{{ validation_definition_hash }}'
            and max(validation_definition_hash) = '{{ validation_definition_hash }}'
            and max(case
                when row_rejection_reason = 'implausible_occurred_at' or {{ is_implausible }} then 1 else 0
            end) = 0

    ),

    revalidated as (

        select raw_groups.raw_group_key
        from raw_groups
        left join stored_groups
            on
                raw_groups.raw_group_key = stored_groups.raw_group_key
                and raw_groups.row_count = stored_groups.row_count
                and raw_groups.hash_low_sum = stored_groups.hash_low_sum
                and raw_groups.hash_high_sum = stored_groups.hash_high_sum
        where stored_groups.raw_group_key is null

    ),

    source as (

        select raw_rows.*
        from raw_rows
        inner join revalidated
            on raw_rows.raw_group_key = revalidated.raw_group_key

    ),
{%- else -%}
    source as (

        select * from raw_rows

    ),
{%- endif %}

typed as (

    select
        {{ attribution_clean_text('touchpoint_id') }} as touchpoint_id,
        {{ attribution_parse_timestamp('occurred_at') }} as occurred_at,
        {{ attribution_clean_text('contact_id') }} as contact_id,
        lower({{ attribution_clean_text('email') }}) as email,
        {{ attribution_clean_text('account_id') }} as account_id,
        lower({{ attribution_clean_text('touchpoint_type') }}) as touchpoint_type,
        lower({{ attribution_clean_text('utm_source') }}) as utm_source,
        lower({{ attribution_clean_text('utm_medium') }}) as utm_medium,
        {{ attribution_clean_text('utm_campaign') }} as utm_campaign,
        {{ attribution_clean_text('campaign_id') }} as campaign_id,
        {{ attribution_normalize_domain('referrer_domain') }} as referrer_domain,
        {{ attribution_clean_text('sales_rep_name') }} as sales_rep_name,
        {{ attribution_clean_text('occurred_at') }} as raw_occurred_at,
        {{ attribution_raw_key_text('touchpoints') }} as source_key,
        {{ attribution_raw_row_text('touchpoints') }} as raw_row,
        raw_group_key,
        raw_row_hash_low,
        raw_row_hash_high
    from source

),

checked as (

    select
        *,
        case
            when touchpoint_id is null then 'missing_touchpoint_id'
            when raw_occurred_at is null then 'missing_occurred_at'
            when occurred_at is null then 'unparseable_occurred_at'
            when {{ attribution_is_implausible_timestamp('occurred_at') }} then 'implausible_occurred_at'
        end as row_rejection_reason
    from typed

),

flagged as (

    {{ attribution_flag_rejections('checked', ['touchpoint_id'], 'touchpoint_id') }}

),

{# Raw text on rejected rows only (attribution_kept_if_rejected). #}
final as (

    select
        touchpoint_id,
        occurred_at,
        contact_id,
        email,
        account_id,
        touchpoint_type,
        utm_source,
        utm_medium,
        utm_campaign,
        campaign_id,
        referrer_domain,
        sales_rep_name,
        raw_occurred_at,
        {{ attribution_kept_if_rejected('source_key') }} as source_key,
        {{ attribution_kept_if_rejected('raw_row') }} as raw_row,
        row_rejection_reason,
        copy_number,
        valid_key_copies,
        rejection_reason,
        raw_group_key,
        raw_row_hash_low,
        raw_row_hash_high,
        '{{ validation_definition_hash }}' as validation_definition_hash,
        '{{ invocation_id }}' as raw_built_by
    from flagged

)

select * from final
