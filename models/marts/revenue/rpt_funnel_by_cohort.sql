{#- Funnel volumes, stage-to-stage conversion and velocity: one row per lead
    cohort month x original-source channel (the contact's first touch ever,
    `(none)` without one). A contact counts at a stage once, at the first time
    it reached it; velocity is the median of days between consecutive stages
    over the contacts that reached both. Stages come from lifecycle events up
    to the as-of time; the contacts counted are the leads at the as-of time
    (int_leads_sourced: in a point-in-time build, var attribution_as_of, a
    contact whose lead time is after the as-of time is not a lead yet). -#}
{%- set stages = ['lead', 'mql', 'sql', 'opportunity', 'customer'] -%}
{%- set plurals = {'lead': 'leads', 'mql': 'mqls', 'sql': 'sqls', 'opportunity': 'opportunities', 'customer': 'customers'} -%}

with

leads as (

    select
        contact_id,
        cohort_month
    from {{ ref('int_leads_sourced') }}

),

stages as (

    select * from {{ ref('int_contact_stages_pivoted') }}

),

contacts as (

    select * from {{ ref('dim_contacts') }}

),

contact_funnel as (

    select
        stages.*,
        leads.cohort_month,
        coalesce(contacts.original_source_channel, '(none)') as first_touch_channel
    from leads
    inner join stages
        on leads.contact_id = stages.contact_id
    inner join contacts
        on leads.contact_id = contacts.contact_id

),

final as (

    select
        cohort_month,
        first_touch_channel,
        {% for stage in stages %}
            count({{ stage }}_at) as {{ plurals[stage] }},
        {% endfor %}
        {% for stage in stages[1:] %}
            {%- set previous = stages[loop.index0] %}
            {{ attribution_safe_divide('count(' ~ stage ~ '_at)', 'count(' ~ previous ~ '_at)') }}
                as {{ previous }}_to_{{ stage }}_rate,
            {{ attribution_median(
                'case when ' ~ stage ~ '_at >= ' ~ previous ~ '_at then ('
                ~ attribution_epoch_seconds(stage ~ '_at') ~ ' - ' ~ attribution_epoch_seconds(previous ~ '_at')
                ~ ') / 86400.0 end') }}
                as median_days_{{ previous }}_to_{{ stage }},
        {% endfor %}
        count(*) as contacts
    from contact_funnel
    group by cohort_month, first_touch_channel

)

select * from final
