{#- Every accepted touchpoint, resolved and classified, with how many
    journeys it is in. Unresolved touches are kept and flagged. No email.
    Incremental builds (docs/incremental_builds.md): on DuckDB the table is
    materialized='incremental' (delete+insert on touchpoint_id). Its rows
    are cheap to compute and costly to write: a build over an existing table
    computes every row and writes the ones that differ from the stored row
    in some column (new touches, touches resolved or classified otherwise,
    touches whose journey count changed); the post_hook deletes the touches
    no longer resolved. -#}
{{ config(
    materialized=attribution_incremental_build_materialization(),
    incremental_strategy='delete+insert',
    unique_key='touchpoint_id',
    on_schema_change='fail',
    post_hook="{{ attribution_delete_unresolved_fact_touches() }}",
) }}
{#- Every column, as the contract declares them (compared in full). -#}
{%- set columns = (model.columns.keys() | list) if model is mapping and model.columns else [] -%}
{%- if execute and is_incremental() and columns | length < 2 -%}
    {{ exceptions.raise_compiler_error('fct_touchpoints: no declared columns to compare') }}
{%- endif -%}
with

touchpoints as (

    select * from {{ ref('int_touchpoints_resolved') }}

),

journey_counts as (

    select
        touchpoint_id,
        count(*) as journey_count
    from {{ ref('int_journey_touchpoints_ordered') }}
    group by touchpoint_id

),

current_rows as (

    select
        touchpoints.touchpoint_id,
        touchpoints.occurred_at as touchpoint_at,
        cast(touchpoints.occurred_at as date) as touchpoint_date,
        touchpoints.contact_id,
        touchpoints.account_id,
        touchpoints.contact_resolution,
        touchpoints.account_resolution,
        touchpoints.is_account_level,
        touchpoints.is_unresolved,
        touchpoints.touchpoint_type,
        touchpoints.channel,
        touchpoints.channel_group,
        touchpoints.team,
        touchpoints.channel_source,
        touchpoints.campaign_id,
        touchpoints.has_unknown_campaign,
        touchpoints.utm_source,
        touchpoints.utm_medium,
        touchpoints.utm_campaign,
        touchpoints.referrer_domain,
        touchpoints.sales_rep_name,
        coalesce(journey_counts.journey_count, 0) as journey_count
    from touchpoints
    left join journey_counts
        on touchpoints.touchpoint_id = journey_counts.touchpoint_id

),

final as (

    select current_rows.*
    from current_rows
    {%- if is_incremental() %}
    left join {{ this }} as stored_rows
        on {{ attribution_stored_row_matches('current_rows', 'touchpoint_id', columns) }}
    where stored_rows.touchpoint_id is null
    {%- endif %}

)

select * from final
