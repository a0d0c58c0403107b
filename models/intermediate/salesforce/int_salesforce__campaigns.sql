{#- Salesforce Campaign -> the contract's campaigns (text). The channel
    override comes from Type through seeds/salesforce_campaign_types.csv: the
    whole value, else (Marketo Measure's "CHANNEL - SUBCHANNEL") the part
    before the first " - ". Offer type: the custom field Offer_Type__c when
    the org has it. ActualCost is the campaign's spend, in CurrencyIsoCode.
    EndDate is a day: the campaign runs to its end. -#}
with

campaigns as (

    select * from {{ ref('stg_salesforce__campaign') }}

),

campaign_types as (

    select
        lower(trim(campaign_type)) as campaign_type,
        lower(trim(channel)) as channel
    from {{ ref('salesforce_campaign_types') }}

),

typed as (

    select
        campaigns.*,
        lower(trim(campaigns.type)) as type_value,
        {#- The channel part of "CHANNEL - SUBCHANNEL" (the whole value when it has no " - "). -#}
        lower(trim(case
            when {{ dbt.position("' - '", 'campaigns.type') }} > 0
                then substr(campaigns.type, 1, {{ dbt.position("' - '", 'campaigns.type') }} - 1)
            else campaigns.type
        end)) as type_channel_part
    from campaigns

),

final as (

    select
        typed.id as campaign_id,
        typed.name as campaign_name,
        case
            when whole.campaign_type is not null then whole.channel
            else channel_part.channel
        end as channel,
        lower(trim(typed.offer_type_c)) as offer_type,
        {{ attribution_source_timestamp_text('typed.start_date') }} as started_at,
        case
            when length(trim(typed.end_date)) = 10 then {{ dbt.concat(['trim(typed.end_date)', "' 23:59:59'"]) }}
            else {{ attribution_source_timestamp_text('typed.end_date') }}
        end as ended_at,
        typed.actual_cost,
        typed.currency_iso_code as currency
    from typed
    left join campaign_types as whole
        on typed.type_value = whole.campaign_type
    left join campaign_types as channel_part
        on typed.type_channel_part = channel_part.campaign_type

)

select * from final
