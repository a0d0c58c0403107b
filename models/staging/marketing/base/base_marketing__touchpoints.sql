with

source as (

    select
        {{ attribution_raw_columns('touchpoints') }}
    from {{ attribution_input_relation('touchpoints') }}

),

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
        {{ attribution_raw_row_text('touchpoints') }} as raw_row
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
        rejection_reason
    from flagged

)

select * from final
