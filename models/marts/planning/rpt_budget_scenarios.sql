{#- Budget scenarios: one row per channel with spend in the budget window or
    incremental wins in it. Current spend (fct_marketing_spend over the
    attribution_budget_window_days days up to the as-of day), the incremental
    model's expected incremental wins and won value over the won deals closed
    in the same window, wins per unit of spend, and a suggested reallocation
    of the same total spend.

    Assumed response (docs/planning.md): a channel's incremental wins grow as
    spend^alpha (var attribution_budget_response_alpha), wins(s) = W (s /
    S)^alpha through its current point (S, W), so its marginal return at s is
    alpha W / S (S / s)^(1 - alpha). The suggestion maximises the sum of
    wins(s) over the channels with spend, with the total unchanged and each
    channel within [(1 - max_shift) S, (1 + max_shift) S] (var
    attribution_budget_max_shift); a channel whose coefficient interval
    (rpt_incremental_channel_attribution) does not lie above zero is never
    increased (upper bound S). The optimum gives every channel strictly
    inside its bounds the same marginal return lambda: s(lambda) = S (m /
    lambda)^(1 / (1 - alpha)), m = alpha W / S, clipped to its bounds. The
    total spend falls as lambda grows, so the solution is found exactly and
    set-based: the bounds' breakpoints lambda = m (S / bound)^(1 - alpha)
    bracket it, which fixes which channels sit at a bound, and the free ones
    share the rest in proportion to S m^(1 / (1 - alpha)) (closed form, no
    search). Channels with no incremental wins (m = 0)
    sit at their lower bound, and take back what the others cannot absorb
    when every channel with wins is at its upper bound. -#}
{%- set window_days = attribution_setting('attribution_budget_window_days') -%}
{%- set max_shift = attribution_setting('attribution_budget_max_shift') -%}
{%- set alpha = attribution_setting('attribution_budget_response_alpha') -%}
{%- set assumptions = "Incremental wins grow as spend^" ~ alpha ~ " through the current point (diminishing returns). "
    ~ "Total spend unchanged; at most " ~ max_shift ~ " of a channel''s spend moved; a channel whose coefficient has "
    ~ "a 95% interval not above zero is never increased. Wins: the incremental model''s expected incremental wins "
    ~ "of the deals won in the window, against the spend of the same window (no lag between spend and wins)." -%}
with

spend as (

    select * from {{ ref('fct_marketing_spend') }}

),

wins as (

    select * from {{ ref('int_incremental_wins_windowed') }}

),

effects as (

    select * from {{ ref('rpt_incremental_channel_attribution') }}

),

as_of as (

    select cast(as_of_at as date) as as_of_date from {{ ref('int_attribution_as_of') }}

),

window_bounds as (

    select
        {%- if window_days is not none %}
            cast({{ dbt.dateadd('day', 1 - window_days, 'as_of_date') }} as date) as window_start_date,
        {%- else %}
        cast(null as date) as window_start_date,
        {%- endif %}
        as_of_date as window_end_date
    from as_of

),

spend_in_window as (

    select
        spend.channel,
        {{ attribution_sum('spend.amount') }} as current_spend
    from spend
    cross join window_bounds
    {%- if window_days is not none %}
        where
            spend.spend_date >= window_bounds.window_start_date
            and spend.spend_date <= window_bounds.window_end_date
    {%- endif %}
    group by spend.channel

),

channels as (

    select channel from spend_in_window
    union
    select channel from wins

),

measured as (

    select
        channels.channel,
        effects.coefficient,
        effects.ci_lower,
        effects.ci_upper,
        coalesce(spend_in_window.current_spend, 0) as current_spend,
        coalesce(wins.expected_incremental_wins, 0) as wins_current,
        coalesce(wins.expected_incremental_value, 0) as value_current,
        coalesce(spend_in_window.current_spend, 0) > 0 as is_allocated,
        coalesce(effects.ci_lower > 0, false) as is_effect_above_zero
    from channels
    left join spend_in_window
        on channels.channel = spend_in_window.channel
    left join wins
        on channels.channel = wins.channel
    left join effects
        on channels.channel = effects.channel

),

bounded as (

    {#- The channels with spend: marginal return at the current spend, the
        bounds, and the lambdas at which each reaches them. -#}
    select
        channel,
        current_spend,
        {{ attribution_safe_divide(alpha ~ ' * wins_current', 'current_spend') }} as marginal_return,
        (1 - {{ max_shift }}) * current_spend as lower_spend,
        case when is_effect_above_zero then (1 + {{ max_shift }}) else 1 end * current_spend as upper_spend,
        case
            when wins_current > 0
                then
                    {{ alpha }} * wins_current / current_spend
                    * power(1.0 / case when is_effect_above_zero then (1 + {{ max_shift }}) else 1 end, 1 - {{ alpha }})
        end as lambda_at_upper,
        case
            when wins_current > 0
                then {{ alpha }} * wins_current / current_spend * power(1.0 / (1 - {{ max_shift }}), 1 - {{ alpha }})
        end as lambda_at_lower
    from measured
    where is_allocated

),

total as (

    select {{ attribution_sum('current_spend') }} as total_spend from bounded

),

breakpoints as (

    select lambda_at_upper as breakpoint_lambda from bounded
    where lambda_at_upper is not null
    union
    select lambda_at_lower as breakpoint_lambda from bounded
    where lambda_at_lower is not null

),

breakpoint_totals as (

    {#- The total spend the channels would take at each breakpoint's lambda. -#}
    select
        breakpoints.breakpoint_lambda,
        {{ attribution_sum(
            'case when bounded.marginal_return = 0 then bounded.lower_spend else least(bounded.upper_spend, '
            ~ 'greatest(bounded.lower_spend, bounded.current_spend * power(bounded.marginal_return '
            ~ '/ breakpoints.breakpoint_lambda, 1.0 / (1 - ' ~ alpha ~ ')))) end') }} as spend_at_lambda
    from breakpoints
    cross join bounded
    group by breakpoints.breakpoint_lambda

),

bracket as (

    {#- lambda lies between the largest breakpoint whose total still reaches
        the current total and the next one. -#}
    select
        max(case when breakpoint_totals.spend_at_lambda >= total.total_spend then breakpoint_totals.breakpoint_lambda end)
            as lambda_low,
        min(case when breakpoint_totals.spend_at_lambda < total.total_spend then breakpoint_totals.breakpoint_lambda end)
            as lambda_high
    from breakpoint_totals
    cross join total

),

classified as (

    {#- Inside the bracket each channel is at its upper bound, at its lower
        bound or free. Without a lower breakpoint (every channel with wins
        can grow to its upper bound and the total is still not reached) those
        are at their upper bound; without a higher one (no room to move,
        max_shift 0) at their lower bound. -#}
    select
        bounded.channel,
        bounded.current_spend,
        bounded.lower_spend,
        bounded.marginal_return,
        case
            when bounded.marginal_return = 0 then 'lower'
            when bracket.lambda_low is null then 'upper'
            when bracket.lambda_high is not null and bounded.lambda_at_upper >= bracket.lambda_high then 'upper'
            when bounded.lambda_at_lower <= bracket.lambda_low then 'lower'
            else 'free'
        end as bound_status,
        case
            when bounded.marginal_return = 0 then bounded.lower_spend
            when bracket.lambda_low is null then bounded.upper_spend
            when bracket.lambda_high is not null and bounded.lambda_at_upper >= bracket.lambda_high
                then bounded.upper_spend
            when bounded.lambda_at_lower <= bracket.lambda_low then bounded.lower_spend
        end as bound_spend
    from bounded
    cross join bracket

),

weighted as (

    {#- A free channel's weight S (m / m_top)^(1 / (1 - alpha)), m_top the
        largest free marginal return: the same shares as S m^(1 / (1 -
        alpha)), scaled so the largest weight is a spend and the exact
        decimal sum below keeps its digits. -#}
    select
        classified.*,
        case
            when classified.bound_status = 'free'
                then classified.current_spend * power(
                    classified.marginal_return
                    / max(case when classified.bound_status = 'free' then classified.marginal_return end) over (),
                    1.0 / (1 - {{ alpha }})
                )
            else 0
        end as free_weight
    from classified

),

parts as (

    select
        {{ attribution_sum("case when bound_status = 'free' then 0 else bound_spend end") }} as fixed_spend,
        {{ attribution_sum('free_weight') }} as free_weight
    from weighted

),

allocated as (

    {#- The free channels share what the bounded ones leave in proportion to
        S m^(1 / (1 - alpha)): at one lambda, s = S (m / lambda)^(1 / (1 -
        alpha)), whose total is that weight x lambda^(-1 / (1 - alpha)), so the
        split needs no lambda. -#}
    select
        weighted.channel,
        weighted.current_spend,
        weighted.lower_spend,
        weighted.marginal_return,
        case
            when weighted.bound_status = 'free'
                then (total.total_spend - parts.fixed_spend) * weighted.free_weight / parts.free_weight
            else weighted.bound_spend
        end as spend_at_lambda
    from weighted
    cross join parts
    cross join total

),

remainder as (

    {#- What the total still lacks (float noise, or every channel with wins
        at its upper bound) goes back to the channels without wins, in
        proportion to what they gave. -#}
    select
        total.total_spend - {{ attribution_sum('allocated.spend_at_lambda') }} as missing_spend,
        {{ attribution_sum(
            'case when allocated.marginal_return = 0 then allocated.current_spend - allocated.lower_spend else 0 end'
        ) }} as zero_return_room
    from allocated
    cross join total
    group by total.total_spend

),

suggested as (

    select
        allocated.channel,
        allocated.spend_at_lambda
        + case
            when allocated.marginal_return = 0 and remainder.zero_return_room > 0
                then
                    remainder.missing_spend
                    * (allocated.current_spend - allocated.lower_spend) / remainder.zero_return_room
            else 0
        end as suggested_spend
    from allocated
    cross join remainder

),

final as (

    select
        cast(measured.channel as {{ dbt.type_string() }}) as channel,
        cast(window_bounds.window_start_date as date) as window_start_date,
        cast(window_bounds.window_end_date as date) as window_end_date,
        cast(measured.current_spend as {{ attribution_type_double() }}) as current_spend,
        cast(measured.wins_current as {{ attribution_type_double() }}) as expected_incremental_wins_current,
        cast(measured.value_current as {{ attribution_type_double() }}) as expected_incremental_value_current,
        cast(
            {{ attribution_safe_divide('measured.wins_current', 'measured.current_spend') }}
            as {{ attribution_type_double() }}
        ) as incremental_wins_per_spend,
        cast(
            {{ attribution_safe_divide(alpha ~ ' * measured.wins_current', 'measured.current_spend') }}
            as {{ attribution_type_double() }}
        ) as marginal_wins_per_spend,
        cast(measured.coefficient as {{ attribution_type_double() }}) as coefficient,
        cast(measured.ci_lower as {{ attribution_type_double() }}) as ci_lower,
        cast(measured.ci_upper as {{ attribution_type_double() }}) as ci_upper,
        cast(measured.is_effect_above_zero as boolean) as is_effect_above_zero,
        cast(measured.is_allocated as boolean) as is_allocated,
        cast(coalesce(suggested.suggested_spend, measured.current_spend) as {{ attribution_type_double() }})
            as suggested_spend,
        cast(
            coalesce(suggested.suggested_spend, measured.current_spend) - measured.current_spend
            as {{ attribution_type_double() }}
        ) as delta,
        cast(
            case
                when measured.current_spend > 0
                    then
                        measured.wins_current
                        * power(suggested.suggested_spend / measured.current_spend, {{ alpha }})
                else measured.wins_current
            end as {{ attribution_type_double() }}
        ) as expected_incremental_wins_suggested,
        cast(
            case
                when measured.current_spend > 0
                    then
                        measured.value_current
                        * power(suggested.suggested_spend / measured.current_spend, {{ alpha }})
                else measured.value_current
            end as {{ attribution_type_double() }}
        ) as expected_incremental_value_suggested,
        cast({{ max_shift }} as {{ attribution_type_double() }}) as max_shift,
        cast({{ alpha }} as {{ attribution_type_double() }}) as response_alpha,
        cast('{{ assumptions }}' as {{ dbt.type_string() }}) as assumptions
    from measured
    cross join window_bounds
    left join suggested
        on measured.channel = suggested.channel

)

select * from final
