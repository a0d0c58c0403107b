{#- The rows the win-probability model learns from and scores, with their
    features as they stood at a reference time (docs/forecast.md):
    - training: one row per opportunity closed by the as-of time x age band it
      lived into (its age at close is at least the band's start); reference
      time = creation + the band's start; outcome is_won. So a band's rows are
      the deals still open at that age, and its win rate is the win rate
      given survival to that age. days_closed_before_as_of (the recency
      weighting's input; null on scoring rows) = as-of time - close time.
    - scoring: one row per opportunity open at the as-of time, in the band of
      its age; reference time = the as-of time.
    Features: age band, opportunity type, amount band (tertiles of the closed
    deals' amounts) and the account's touches in the 90 days before the
    reference time (touches_90d; engagement_band: its tertiles over the
    training rows). -#}
{%- set age_band_starts = [0, 30, 60, 90, 180, 365] -%}

with

as_of as (

    select
        as_of_at,
        {{ attribution_epoch_seconds('as_of_at') }} as as_of_epoch
    from {{ ref('int_attribution_as_of') }}

),

opportunities as (

    select
        opportunity_id,
        account_id,
        opportunity_type,
        amount,
        is_closed,
        is_won,
        {{ attribution_epoch_seconds('created_at') }} as created_epoch,
        {{ attribution_epoch_seconds('closed_at') }} as closed_epoch
    from {{ ref('int_opportunities_prepared') }}
    where not is_created_after_as_of

),

touchpoints as (

    select
        account_id,
        {{ attribution_epoch_seconds('occurred_at') }} as touch_epoch
    from {{ ref('int_touchpoints_resolved') }}
    where account_id is not null

),

age_bands as (

    {%- for band_start in age_band_starts %}
        select
            {{ band_start }} as band_start_days,
            {{ age_band_starts[loop.index] if not loop.last else 'cast(null as integer)' }} as band_end_days
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}

),

amount_tertiles as (

    select
        amount,
        ntile(3) over (order by amount asc, opportunity_id asc) as tertile
    from opportunities
    where is_closed

),

amount_cuts as (

    select
        max(case when tertile = 1 then amount end) as low_amount_max,
        max(case when tertile = 2 then amount end) as mid_amount_max
    from amount_tertiles

),

training as (

    select
        'training' as row_role,
        opportunities.opportunity_id,
        opportunities.account_id,
        opportunities.opportunity_type,
        opportunities.amount,
        opportunities.is_won,
        age_bands.band_start_days,
        cast(age_bands.band_start_days as {{ attribution_type_double() }}) as age_days,
        opportunities.created_epoch + age_bands.band_start_days * 86400.0 as reference_epoch,
        (as_of.as_of_epoch - opportunities.closed_epoch) / 86400.0 as days_closed_before_as_of
    from opportunities
    cross join as_of
    inner join age_bands
        on opportunities.closed_epoch - opportunities.created_epoch >= age_bands.band_start_days * 86400.0
    where opportunities.is_closed

),

scoring as (

    select
        'scoring' as row_role,
        opportunities.opportunity_id,
        opportunities.account_id,
        opportunities.opportunity_type,
        opportunities.amount,
        cast(null as boolean) as is_won,
        age_bands.band_start_days,
        (as_of.as_of_epoch - opportunities.created_epoch) / 86400.0 as age_days,
        as_of.as_of_epoch as reference_epoch,
        cast(null as {{ attribution_type_double() }}) as days_closed_before_as_of
    from opportunities
    cross join as_of
    inner join age_bands
        on
            as_of.as_of_epoch - opportunities.created_epoch >= age_bands.band_start_days * 86400.0
            and (
                age_bands.band_end_days is null
                or as_of.as_of_epoch - opportunities.created_epoch < age_bands.band_end_days * 86400.0
            )
    where not opportunities.is_closed

),

reference_points as (

    select * from training
    union all
    select * from scoring

),

recent_touches as (

    select
        reference_points.row_role,
        reference_points.opportunity_id,
        reference_points.band_start_days,
        count(*) as touches_90d
    from reference_points
    inner join touchpoints
        on
            reference_points.account_id = touchpoints.account_id
            and reference_points.reference_epoch >= touchpoints.touch_epoch
            and touchpoints.touch_epoch > reference_points.reference_epoch - 90 * 86400.0
    group by reference_points.row_role, reference_points.opportunity_id, reference_points.band_start_days

),

featured as (

    select
        reference_points.row_role,
        reference_points.opportunity_id,
        reference_points.account_id,
        reference_points.opportunity_type,
        reference_points.amount,
        reference_points.is_won,
        reference_points.band_start_days,
        reference_points.age_days,
        reference_points.days_closed_before_as_of,
        coalesce(recent_touches.touches_90d, 0) as touches_90d,
        case
            when reference_points.amount <= amount_cuts.low_amount_max then 'low'
            when reference_points.amount <= amount_cuts.mid_amount_max then 'mid'
            else 'high'
        end as amount_band
    from reference_points
    cross join amount_cuts
    left join recent_touches
        on
            reference_points.row_role = recent_touches.row_role
            and reference_points.opportunity_id = recent_touches.opportunity_id
            and reference_points.band_start_days = recent_touches.band_start_days

),

engagement_tertiles as (

    select
        touches_90d,
        ntile(3) over (order by touches_90d asc, opportunity_id asc, band_start_days asc) as tertile
    from featured
    where row_role = 'training'

),

engagement_cuts as (

    select
        max(case when tertile = 1 then touches_90d end) as low_touches_max,
        max(case when tertile = 2 then touches_90d end) as mid_touches_max
    from engagement_tertiles

),

final as (

    select
        featured.*,
        case
            when featured.touches_90d <= engagement_cuts.low_touches_max then 'low'
            when featured.touches_90d <= engagement_cuts.mid_touches_max then 'mid'
            else 'high'
        end as engagement_band
    from featured
    cross join engagement_cuts

)

select * from final
