{#- Funnel volumes, stage-to-stage conversion and velocity: one row per lead
    cohort month x original-source channel (the contact's first touch ever,
    `(none)` without one). A contact counts at a stage once, at the first time
    it reached it; velocity is the median of days between consecutive stages
    over the contacts that reached both. Stages come from lifecycle events up
    to the as-of time; in a point-in-time build (var attribution_as_of) a
    contact whose lead time is after the as-of time is not a lead yet and is
    not counted. -#}
{%- set stages = ['lead', 'mql', 'sql', 'opportunity', 'customer'] -%}
{%- set plurals = {'lead': 'leads', 'mql': 'mqls', 'sql': 'sqls', 'opportunity': 'opportunities', 'customer': 'customers'} -%}

with

stages as (

    select * from {{ ref('int_contact_stages_pivoted') }}

),

contacts as (

    select * from {{ ref('dim_contacts') }}

),

as_of as (

    select
        as_of_at,
        is_as_of_set
    from {{ ref('int_attribution_as_of') }}

),

contact_funnel as (

    select
        stages.*,
        {{ dbt.date_trunc('month', 'stages.lead_at') }} as cohort_month,
        coalesce(contacts.original_source_channel, '(none)') as first_touch_channel
    from stages
    inner join contacts
        on stages.contact_id = contacts.contact_id
    cross join as_of
    where
        not as_of.is_as_of_set
        or stages.lead_at <= as_of.as_of_at

),

final as (

    select
        cast(cohort_month as date) as cohort_month,
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
