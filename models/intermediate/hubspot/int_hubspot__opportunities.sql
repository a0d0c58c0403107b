{#- HubSpot deals -> the contract's opportunities (text).
      - account: the deal's primary company in deal_company (association type
        5), else its company with the smallest id;
      - won and closed: from the deal's stage in deal_pipeline_stage
        (closed_won; is_closed, else a won stage or one of probability 0 or 1,
        as HubSpot requires of its closed stages), else the deal's own
        hs_is_closed / hs_is_closed_won; stage_name is the stage's label;
      - closed_at: closedate; for a closed deal, the time it entered its
        current stage (deal_stage, the stage history) when that is on the
        closedate's day or the deal has no closedate (closedate is often a
        day the rep sets). An open deal's closedate is its expected close,
        which staging keeps as expected_close_at, never as a close;
      - amount: amount_in_home_currency (HubSpot's conversion into the
        portal's home currency, the reporting currency), else amount in
        deal_currency_code (blank: the reporting currency);
      - opportunity_type: dealtype (newbusiness, existingbusiness, ...),
        mapped by staging through seeds/opportunity_type_values.csv;
      - lead_source: the deal's original source (hs_analytics_source). -#}
{%- set reporting = attribution_setting('attribution_reporting_currency') -%}
with

deals as (

    select * from {{ ref('stg_hubspot__deal') }}

),

stages as (

    select * from {{ ref('stg_hubspot__deal_pipeline_stage') }}

),

stage_entries as (

    {#- When each deal last entered each stage. -#}
    select
        deal_id,
        value as stage_id,
        max({{ attribution_parse_timestamp('date_entered') }}) as entered_at
    from {{ ref('stg_hubspot__deal_stage') }}
    group by deal_id, value

),

deal_companies as (

    select
        deal_id,
        company_id,
        row_number() over (
            partition by deal_id
            order by case when trim(type_id) = '5' then 0 else 1 end, company_id
        ) as company_rank
    from {{ ref('stg_hubspot__deal_company') }}

),

staged as (

    select
        deals.*,
        stages.stage_id as known_stage_id,
        stages.label as stage_label,
        {{ attribution_parse_boolean('stages.closed_won') }} as stage_is_won,
        {{ attribution_parse_boolean('stages.is_closed') }} as stage_is_closed,
        {{ attribution_try_cast('trim(stages.probability)', attribution_type_double()) }} as stage_probability,
        {{ attribution_parse_amount('deals.property_amount_in_home_currency') }} as home_amount
    from deals
    left join stages
        on
            deals.deal_pipeline_stage_id = stages.stage_id
            and coalesce(deals.deal_pipeline_id, stages.pipeline_id, '') = coalesce(stages.pipeline_id, '')

),

decided as (

    select
        staged.*,
        coalesce(
            staged.stage_is_won,
            case when staged.known_stage_id is not null then staged.stage_probability = 1 end,
            {{ attribution_parse_boolean('property_hs_is_closed_won') }}
        ) as is_won_value,
        coalesce(
            staged.stage_is_closed,
            case when staged.known_stage_id is not null then coalesce(staged.stage_is_won, false) or staged.stage_probability in (0, 1) end,
            {{ attribution_parse_boolean('property_hs_is_closed') }}
        ) as is_closed_value
    from staged

),

final as (

    select
        decided.deal_id as opportunity_id,
        deal_companies.company_id as account_id,
        {{ attribution_source_timestamp_text('decided.property_createdate') }} as created_at,
        case
            when
                decided.is_closed_value
                and stage_entries.entered_at is not null
                and (
                    decided.property_closedate is null
                    or cast(stage_entries.entered_at as date)
                    = cast({{ attribution_parse_timestamp('decided.property_closedate') }} as date)
                )
                then {{ dbt.cast('stage_entries.entered_at', dbt.type_string()) }}
            else {{ attribution_source_timestamp_text('decided.property_closedate') }}
        end as closed_at,
        case when decided.is_closed_value then 'true' when not decided.is_closed_value then 'false' end
            as is_closed,
        case when decided.is_won_value then 'true' when not decided.is_won_value then 'false' end as is_won,
        case
            when decided.home_amount is not null then decided.property_amount_in_home_currency
            else decided.property_amount
        end as amount,
        case
            when decided.home_amount is not null then '{{ reporting }}'
            else coalesce(decided.property_deal_currency_code, '{{ reporting }}')
        end as currency,
        decided.property_dealtype as opportunity_type,
        coalesce(decided.stage_label, decided.deal_pipeline_stage_id) as stage_name,
        decided.property_hs_analytics_source as lead_source
    from decided
    left join deal_companies
        on
            decided.deal_id = deal_companies.deal_id
            and deal_companies.company_rank = 1
    left join stage_entries
        on
            decided.deal_id = stage_entries.deal_id
            and decided.deal_pipeline_stage_id = stage_entries.stage_id

)

select * from final
