{#- Leading indicators ("died on arrival"): one row per lead channel x lead
    cohort month x target stage x window. Of the cohort's new leads, the share
    that reached the target stage (or any later one) within 30, 60 and 90 days
    of their lead time, beside the channel's trailing norm: the pooled rate of
    the same channel, stage and window over the previous
    attribution_leading_norm_months cohort months whose window is complete. A
    cohort whose window has not ended by the as-of time is incomplete: its
    rate is null, never counted as non-progression. A complete cohort with at
    least attribution_leading_min_leads leads is flagged below its norm when
    z = (rate - norm) / sqrt(norm (1 - norm) (1 / leads + 1 / norm_leads)) is
    at most -attribution_leading_z_threshold (docs/planning.md). -#}
{%- set windows = [30, 60, 90] -%}
{%- set target_stages = ['mql', 'sal', 'sql', 'opportunity'] -%}
{%- set stage_window_pairs = [] -%}
{%- for stage in target_stages -%}
    {%- for window in windows -%}
        {%- do stage_window_pairs.append((stage, window)) -%}
    {%- endfor -%}
{%- endfor -%}
{%- set norm_months = attribution_setting('attribution_leading_norm_months') -%}
{%- set z_threshold = attribution_setting('attribution_leading_z_threshold') -%}
{%- set min_leads = attribution_setting('attribution_leading_min_leads') -%}
with

leads as (

    select * from {{ ref('int_leads_sourced') }}

),

as_of as (

    select as_of_at from {{ ref('int_attribution_as_of') }}

),

lead_delays as (

    {#- Seconds from each lead's lead time to the first time it reached each
        target stage (null if never): a window of N days holds a delay of at
        most N x 86400 seconds (UTC, no daylight saving). -#}
    select
        {%- for stage in target_stages %}
            {{ attribution_epoch_seconds(stage ~ '_reached_at') }}
            - {{ attribution_epoch_seconds('lead_at') }} as {{ stage }}_delay_seconds,
        {%- endfor %}
        cohort_month,
        lead_channel
    from leads

),

cohorts as (

    {#- One pass over the leads: per cohort, how many reached each stage
        within each window. -#}
    select
        cohort_month,
        lead_channel,
        {%- for stage, window in stage_window_pairs %}
            sum(case when {{ stage }}_delay_seconds <= {{ window * 86400 }} then 1 else 0 end)
                as {{ stage }}_within_{{ window }}_days,
        {%- endfor %}
        count(*) as leads
    from lead_delays
    group by cohort_month, lead_channel

),

stage_windows as (

    {#- The 4 target stages x 3 windows, to spread each cohort's counts over
        rows with one scan of the cohorts (engines that inline CTEs, Spark,
        would scan them once per branch of a union). -#}
    {%- for stage, window in stage_window_pairs %}
        select
            '{{ stage }}' as target_stage,
            {{ window }} as window_days
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}

),

cohort_windows as (

    {#- The window of a cohort closes window_days after the cohort month's
        last instant: every lead of the month has had the whole window. -#}
    select
        cohorts.cohort_month,
        cohorts.lead_channel,
        stage_windows.target_stage,
        stage_windows.window_days,
        cohorts.leads,
        case
            {%- for stage, window in stage_window_pairs %}
                when stage_windows.target_stage = '{{ stage }}' and stage_windows.window_days = {{ window }}
                    then cohorts.{{ stage }}_within_{{ window }}_days
            {%- endfor %}
        end as progressed_leads,
        {{ attribution_epoch_seconds('as_of.as_of_at') }}
        - {{ attribution_epoch_seconds('cast(' ~ dbt.dateadd('month', 1, 'cohorts.cohort_month') ~ ' as '
            ~ dbt.type_timestamp() ~ ')') }}
        >= stage_windows.window_days * 86400
            as is_window_complete
    from cohorts
    cross join stage_windows
    cross join as_of

),

norms as (

    {#- The trailing norm: the previous norm_months cohort months of the same
        channel, stage and window, complete ones only, pooled. A window over
        the month's number (not a self-join): one sort, and a month without
        leads has no row and adds nothing. -#}
    {%- set previous_months -%}
        partition by lead_channel, target_stage, window_days
        order by month_number
        range between {{ norm_months }} preceding and 1 preceding
    {%- endset %}
    select
        *,
        count(case when is_window_complete then 1 end) over ({{ previous_months }}) as norm_cohort_months,
        sum(case when is_window_complete then leads else 0 end) over ({{ previous_months }}) as norm_leads,
        sum(case when is_window_complete then progressed_leads else 0 end) over ({{ previous_months }})
            as norm_progressed_leads
    from (
        select
            *,
            extract(year from cohort_month) * 12 + extract(month from cohort_month) as month_number
        from cohort_windows
    ) as numbered

),

rated as (

    select
        cohort_month,
        lead_channel,
        target_stage,
        window_days,
        leads,
        is_window_complete,
        case when is_window_complete then progressed_leads end as progressed_leads,
        case
            when is_window_complete
                then {{ attribution_safe_divide('progressed_leads', 'leads') }}
        end as progression_rate,
        coalesce(norm_cohort_months, 0) as norm_cohort_months,
        coalesce(norm_leads, 0) as norm_leads,
        coalesce(norm_progressed_leads, 0) as norm_progressed_leads,
        {{ attribution_safe_divide('norm_progressed_leads', 'norm_leads') }} as norm_progression_rate
    from norms

),

scored as (

    {#- Binomial standard error of the difference between the cohort's rate
        and the norm, both estimated with the norm's rate. -#}
    select
        rated.*,
        case
            when rated.progression_rate is not null and rated.norm_leads > 0
                then sqrt(
                    rated.norm_progression_rate * (1 - rated.norm_progression_rate)
                    * (1.0 / rated.leads + 1.0 / rated.norm_leads)
                )
        end as standard_error
    from rated

),

final as (

    select
        cast(lead_channel as {{ dbt.type_string() }}) as lead_channel,
        cast(cohort_month as date) as cohort_month,
        cast(target_stage as {{ dbt.type_string() }}) as target_stage,
        cast(window_days as integer) as window_days,
        cast(leads as {{ dbt.type_bigint() }}) as leads,
        cast(is_window_complete as boolean) as is_window_complete,
        cast(progressed_leads as {{ dbt.type_bigint() }}) as progressed_leads,
        cast(progression_rate as {{ attribution_type_double() }}) as progression_rate,
        cast(norm_cohort_months as {{ dbt.type_bigint() }}) as norm_cohort_months,
        cast(norm_leads as {{ dbt.type_bigint() }}) as norm_leads,
        cast(norm_progressed_leads as {{ dbt.type_bigint() }}) as norm_progressed_leads,
        cast(norm_progression_rate as {{ attribution_type_double() }}) as norm_progression_rate,
        cast(standard_error as {{ attribution_type_double() }}) as standard_error,
        cast(
            {{ attribution_safe_divide('progression_rate - norm_progression_rate', 'standard_error') }}
            as {{ attribution_type_double() }}
        ) as z_score,
        cast(
            coalesce(
                leads >= {{ min_leads }}
                and {{ attribution_safe_divide('progression_rate - norm_progression_rate', 'standard_error') }}
                <= -{{ z_threshold }},
                false
            ) as boolean
        ) as is_below_norm
    from scored

)

select * from final
