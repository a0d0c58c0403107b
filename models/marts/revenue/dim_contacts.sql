{#- One row per accepted contact: persona, the original source (first touch
    ever) next to the CRM's stored lead source and the first touch of the
    current engagement cycle. No email address. -#}
with

contacts as (

    select * from {{ ref('int_contacts_classified') }}

),

cycles as (

    select * from {{ ref('int_engagement_cycles_first_touched') }}

),

first_touches as (

    select
        contact_id,
        touchpoint_id,
        occurred_at,
        channel
    from (
        select
            contact_id,
            touchpoint_id,
            occurred_at,
            channel,
            row_number() over (partition by contact_id order by occurred_at, touchpoint_id) as touch_rank
        from {{ ref('int_touchpoints_resolved') }}
        where contact_id is not null
    ) as ranked
    where touch_rank = 1

),

cycle_summary as (

    select
        contact_id,
        count(*) as engagement_cycle_count,
        max(case when is_current_cycle then first_touch_channel end) as current_cycle_first_touch_channel,
        max(case when is_current_cycle then first_touchpoint_id end) as current_cycle_first_touchpoint_id
    from cycles
    group by contact_id

),

final as (

    select
        contacts.contact_id,
        contacts.account_id,
        contacts.job_title,
        contacts.persona,
        contacts.created_at,
        contacts.crm_lead_source,
        contacts.crm_lead_source_channel,
        first_touches.touchpoint_id as original_source_touchpoint_id,
        first_touches.occurred_at as original_source_at,
        first_touches.channel as original_source_channel,
        cycle_summary.current_cycle_first_touchpoint_id,
        cycle_summary.current_cycle_first_touch_channel,
        coalesce(cycle_summary.engagement_cycle_count, 0) as engagement_cycle_count,
        coalesce(cycle_summary.engagement_cycle_count, 0) > 1 as is_recycled_lead,
        coalesce(
            cycle_summary.current_cycle_first_touch_channel <> first_touches.channel, false
        ) as is_cycle_source_different,
        coalesce(contacts.crm_lead_source_channel <> first_touches.channel, false) as is_crm_source_different
    from contacts
    left join first_touches
        on contacts.contact_id = first_touches.contact_id
    left join cycle_summary
        on contacts.contact_id = cycle_summary.contact_id

)

select * from final
