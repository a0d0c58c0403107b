{#- HubSpot -> the contract's lifecycle_events (text), one row per contact,
    stage and time, from two places:
      - the contact's hs_lifecyclestage_<stage>_date properties (the first
        time it entered each lifecycle stage);
      - contact_property_history: every value the lifecyclestage and
        hs_lead_status properties took, at its time (a stage entered again,
        e.g. lead after recycling, is a second event).
    Values become the project's stages through seeds/hubspot_lifecycle_stages.csv
    (a blank stage, or a value not listed, is no event). A stage at the same
    time from both places is one event. -#}
with

contacts as (

    select * from {{ ref('stg_hubspot__contact') }}

),

history as (

    select * from {{ ref('stg_hubspot__contact_property_history') }}

),

stage_values as (

    select
        lower(trim(property)) as property,
        lower(trim(value)) as property_value,
        lower(trim(stage)) as stage
    from {{ ref('hubspot_lifecycle_stages') }}
    where stage is not null and trim(stage) <> ''

),

stage_dates as (

    {%- for value in attribution_hubspot_lifecycle_stage_values() %}
        select
            id as contact_id,
            'lifecyclestage' as property,
            '{{ value }}' as property_value,
            property_hs_lifecyclestage_{{ value }}_date as occurred_at
        from contacts
        where property_hs_lifecyclestage_{{ value }}_date is not null
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}

),

history_values as (

    select
        contact_id,
        lower(trim(name)) as property,
        value as property_value,
        timestamp as occurred_at
    from history
    where lower(trim(name)) in ('lifecyclestage', 'hs_lead_status')

),

unioned as (

    select * from stage_dates
    union all
    select * from history_values

),

final as (

    select distinct
        unioned.contact_id,
        stage_values.stage,
        {{ attribution_source_timestamp_text('unioned.occurred_at') }} as occurred_at
    from unioned
    inner join stage_values
        on
            unioned.property = stage_values.property
            and lower(trim(unioned.property_value)) = stage_values.property_value

)

select * from final
