{#- One row per opportunity open at the as-of time: its win probability,
    when it should close and its expected value (docs/forecast.md).
    win_probability: empirical-Bayes win rates learned from the deals closed
    by the as-of time that were still open at the same age
    (int_forecast_reference_points), in nested cells, each shrunk to the one
    above with a prior strength of {{ prior_strength }} deals:
    all deals (Laplace: (wins + 1) / (deals + 2)) > age band > x opportunity
    type > x engagement band (touches in the last 90 days) > x amount band.
    Recency weighting (var attribution_forecast_training_half_life_days = h):
    a training row of a deal closed d days before the as-of time weighs
    w = exp(-ln 2 x d / h) (1 when h is null), and every "deals" and "wins"
    above is a sum of w (weighted deals, weighted wins), the Laplace prior
    included; the prior strength stays {{ prior_strength }} (in deals, so it
    weighs relatively more when the weights are small). cell_deal_count and
    cell_won_count stay plain counts; historical_win_rate is the unweighted
    (wins + 1) / (deals + 2), the backtest's baseline.
    Close timing: the Kaplan-Meier curve of opportunity_to_close
    (int_conversion_survival_curves), conditional on the deal's age a:
    S(t | a) = S(t) / S(a). expected_close_date = creation + the first day t >
    a with S(t) <= S(a) / 2 (the median residual time; null when the curve
    never gets there); close_within_90_days_probability = 1 - S(a + 90) /
    S(a) (1 when S(a) = 0: every closed deal closed younger). The win
    probability is rounded to 12 decimals, so engines agree to the bit. -#}
{%- set prior_strength = 20 -%}
{%- set half_life_days = attribution_setting('attribution_forecast_training_half_life_days') -%}
{%- set weight -%}
    {%- if half_life_days is none -%}
        cast(1.0 as {{ attribution_type_double() }})
    {%- else -%}
        exp(-ln(2.0) * days_closed_before_as_of / {{ half_life_days }})
    {%- endif -%}
{%- endset -%}

with

reference_points as (

    select * from {{ ref('int_forecast_reference_points') }}

),

opportunities as (

    select * from {{ ref('dim_opportunities') }}

),

curve as (

    select
        duration_days,
        survival
    from {{ ref('int_conversion_survival_curves') }}
    where metric = 'opportunity_to_close' and dimension = 'all'

),

as_of as (

    select as_of_at from {{ ref('int_attribution_as_of') }}

),

training as (

    select
        *,
        cast({{ weight }} as {{ attribution_type_double() }}) as training_weight,
        cast(case when is_won then {{ weight }} else 0.0 end as {{ attribution_type_double() }}) as won_weight
    from reference_points
    where row_role = 'training'

),

scoring as (

    select * from reference_points
    where row_role = 'scoring'

),

overall as (

    select
        count(*) as plain_deal_count,
        sum(case when is_won then 1 else 0 end) as plain_won_count,
        {{ attribution_sum('training_weight') }} as deal_count,
        {{ attribution_sum('won_weight') }} as won_count
    from training
    where band_start_days = 0

),

by_age as (

    select
        band_start_days,
        {{ attribution_sum('training_weight') }} as deal_count,
        {{ attribution_sum('won_weight') }} as won_count
    from training
    group by band_start_days

),

by_type as (

    select
        band_start_days,
        opportunity_type,
        {{ attribution_sum('training_weight') }} as deal_count,
        {{ attribution_sum('won_weight') }} as won_count
    from training
    group by band_start_days, opportunity_type

),

by_engagement as (

    select
        band_start_days,
        opportunity_type,
        engagement_band,
        {{ attribution_sum('training_weight') }} as deal_count,
        {{ attribution_sum('won_weight') }} as won_count
    from training
    group by band_start_days, opportunity_type, engagement_band

),

by_cell as (

    select
        band_start_days,
        opportunity_type,
        engagement_band,
        amount_band,
        count(*) as plain_deal_count,
        sum(case when is_won then 1 else 0 end) as plain_won_count,
        {{ attribution_sum('training_weight') }} as deal_count,
        {{ attribution_sum('won_weight') }} as won_count
    from training
    group by band_start_days, opportunity_type, engagement_band, amount_band

),

rates as (

    select
        scoring.opportunity_id,
        coalesce(by_cell.plain_deal_count, 0) as cell_deal_count,
        coalesce(by_cell.plain_won_count, 0) as cell_won_count,
        coalesce(by_cell.deal_count, 0) as cell_deal_weight,
        coalesce(by_cell.won_count, 0) as cell_won_weight,
        coalesce(by_age.won_count, 0) as age_won_count,
        coalesce(by_age.deal_count, 0) as age_deal_count,
        coalesce(by_type.won_count, 0) as type_won_count,
        coalesce(by_type.deal_count, 0) as type_deal_count,
        coalesce(by_engagement.won_count, 0) as engagement_won_count,
        coalesce(by_engagement.deal_count, 0) as engagement_deal_count,
        cast(coalesce(overall.won_count, 0) + 1 as {{ attribution_type_double() }})
        / (coalesce(overall.deal_count, 0) + 2) as overall_rate,
        cast(coalesce(overall.plain_won_count, 0) + 1 as {{ attribution_type_double() }})
        / (coalesce(overall.plain_deal_count, 0) + 2) as historical_win_rate
    from scoring
    cross join overall
    left join by_age
        on scoring.band_start_days = by_age.band_start_days
    left join by_type
        on
            scoring.band_start_days = by_type.band_start_days
            and scoring.opportunity_type = by_type.opportunity_type
    left join by_engagement
        on
            scoring.band_start_days = by_engagement.band_start_days
            and scoring.opportunity_type = by_engagement.opportunity_type
            and scoring.engagement_band = by_engagement.engagement_band
    left join by_cell
        on
            scoring.band_start_days = by_cell.band_start_days
            and scoring.opportunity_type = by_cell.opportunity_type
            and scoring.engagement_band = by_cell.engagement_band
            and scoring.amount_band = by_cell.amount_band

),

shrunk_age as (

    select
        rates.*,
        (rates.age_won_count + {{ prior_strength }} * rates.overall_rate)
        / (rates.age_deal_count + {{ prior_strength }}.0) as age_rate
    from rates

),

shrunk_type as (

    select
        shrunk_age.*,
        (shrunk_age.type_won_count + {{ prior_strength }} * shrunk_age.age_rate)
        / (shrunk_age.type_deal_count + {{ prior_strength }}.0) as type_rate
    from shrunk_age

),

shrunk_engagement as (

    select
        shrunk_type.*,
        (shrunk_type.engagement_won_count + {{ prior_strength }} * shrunk_type.type_rate)
        / (shrunk_type.engagement_deal_count + {{ prior_strength }}.0) as engagement_rate
    from shrunk_type

),

win_rates as (

    select
        shrunk_engagement.*,
        round(
            (shrunk_engagement.cell_won_weight + {{ prior_strength }} * shrunk_engagement.engagement_rate)
            / (shrunk_engagement.cell_deal_weight + {{ prior_strength }}.0),
            12
        ) as win_probability
    from shrunk_engagement

),

ages as (

    select
        opportunity_id,
        age_days,
        cast(floor(age_days) as integer) as age_whole_days
    from scoring

),

survival_at_age as (

    select
        ages.opportunity_id,
        coalesce(min(case when curve.duration_days <= ages.age_whole_days then curve.survival end), 1.0)
            as survival_at_age,
        coalesce(min(curve.survival), 1.0) as survival_in_90_days
    from ages
    left join curve
        on ages.age_whole_days + 90 >= curve.duration_days
    group by ages.opportunity_id

),

median_residual as (

    select
        ages.opportunity_id,
        min(curve.duration_days) as expected_close_age_days
    from ages
    inner join survival_at_age
        on ages.opportunity_id = survival_at_age.opportunity_id
    inner join curve
        on
            ages.age_whole_days < curve.duration_days
            and curve.survival <= survival_at_age.survival_at_age / 2.0 + 1e-9
    where survival_at_age.survival_at_age > 0
    group by ages.opportunity_id

),

final as (

    select
        scoring.opportunity_id,
        scoring.account_id,
        scoring.opportunity_type,
        opportunities.stage_name,
        opportunities.created_at,
        scoring.age_days,
        scoring.band_start_days as age_band_start_days,
        scoring.amount,
        scoring.amount_band,
        scoring.touches_90d,
        scoring.engagement_band,
        win_rates.cell_deal_count,
        cast(win_rates.cell_won_count as bigint) as cell_won_count,
        cast(win_rates.cell_deal_weight as {{ attribution_type_double() }}) as cell_deal_weight,
        cast(win_rates.cell_won_weight as {{ attribution_type_double() }}) as cell_won_weight,
        cast(win_rates.overall_rate as {{ attribution_type_double() }}) as overall_rate,
        cast(win_rates.historical_win_rate as {{ attribution_type_double() }}) as historical_win_rate,
        cast(win_rates.age_rate as {{ attribution_type_double() }}) as age_rate,
        cast(win_rates.type_rate as {{ attribution_type_double() }}) as type_rate,
        cast(win_rates.engagement_rate as {{ attribution_type_double() }}) as engagement_rate,
        cast(win_rates.win_probability as {{ attribution_type_double() }}) as win_probability,
        survival_at_age.survival_at_age,
        median_residual.expected_close_age_days,
        as_of.as_of_at,
        case
            when survival_at_age.survival_at_age > 0
                then 1.0 - survival_at_age.survival_in_90_days / survival_at_age.survival_at_age
            else 1.0
        end as close_within_90_days_probability,
        cast(
            {{ dbt.dateadd('day', 'median_residual.expected_close_age_days', 'opportunities.created_at') }}
            as date
        ) as expected_close_date,
        scoring.amount * cast(win_rates.win_probability as {{ attribution_type_double() }}) as expected_value
    from scoring
    cross join as_of
    inner join opportunities
        on scoring.opportunity_id = opportunities.opportunity_id
    inner join win_rates
        on scoring.opportunity_id = win_rates.opportunity_id
    inner join survival_at_age
        on scoring.opportunity_id = survival_at_age.opportunity_id
    left join median_residual
        on scoring.opportunity_id = median_residual.opportunity_id

)

select * from final
