{#- One row per attribution model x expected close month x channel: the open
    pipeline's expected wins and bookings (fct_opportunity_forecast) split
    over channels by the model's weights of each open opportunity's journey
    (fct_attribution_weights carries open opportunities: their journeys end
    at the as-of time). An opportunity without weights (an excluded type) or
    with an empty journey counts under '(unattributed)'. Its whole expected
    value falls in its expected close month (null: the close-time curve never
    gets to its median residual, 'unscheduled').
    Intervals: a Monte Carlo of {{ draws }} draws with a fixed seed. In each
    draw every open opportunity is won or lost independently with its
    win_probability, from a uniform that integer arithmetic makes the same on
    every engine (three rounds of the LCG x -> (1103515245 x + 12345) mod 2^31
    from the opportunity's rank and the draw number); the won amounts split by
    the weights are summed per row, and the 5th and 95th percentiles are the
    draws at ranks ceil(0.05 n) and ceil(0.95 n). -#}
{%- set draws = 500 -%}
{%- set seed = 20240601 -%}
{%- set models = attribution_models_built() -%}

with

forecast as (

    select * from {{ ref('fct_opportunity_forecast') }}

),

weights as (

    select * from {{ ref('fct_attribution_weights') }}

),

attribution_models as (

    {%- for model_name in models %}
        select cast('{{ model_name }}' as {{ dbt.type_string() }}) as attribution_model
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}

),

weighted_touches as (

    {%- for model_name in models %}
        select
            weights.opportunity_id,
            '{{ model_name }}' as attribution_model,
            coalesce(weights.channel, '(unattributed)') as channel,
            weights.weight_{{ model_name }} as attribution_weight
        from weights
        inner join forecast
            on weights.opportunity_id = forecast.opportunity_id
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}

),

unweighted as (

    select
        forecast.opportunity_id,
        attribution_models.attribution_model,
        '(unattributed)' as channel,
        1.0 as attribution_weight
    from forecast
    cross join attribution_models
    where not exists (
        select 1 from weights
        where weights.opportunity_id = forecast.opportunity_id
    )

),

channel_shares as (

    select
        opportunity_id,
        attribution_model,
        channel,
        {{ attribution_sum('attribution_weight') }} as channel_share
    from (
        select * from weighted_touches
        union all
        select * from unweighted
    ) as share_rows
    group by opportunity_id, attribution_model, channel

),

months as (

    select
        opportunity_id,
        amount,
        win_probability,
        expected_value,
        cast({{ dbt.date_trunc('month', 'expected_close_date') }} as date) as close_month,
        row_number() over (order by opportunity_id) as opportunity_rank
    from forecast

),

expected as (

    select
        channel_shares.attribution_model,
        months.close_month,
        channel_shares.channel,
        {{ attribution_sum('channel_shares.channel_share') }} as open_opportunities,
        {{ attribution_sum('months.amount * channel_shares.channel_share') }} as open_pipeline,
        {{ attribution_sum('months.win_probability * channel_shares.channel_share') }} as expected_wins,
        {{ attribution_sum('months.expected_value * channel_shares.channel_share') }} as expected_bookings
    from channel_shares
    inner join months
        on channel_shares.opportunity_id = months.opportunity_id
    group by channel_shares.attribution_model, months.close_month, channel_shares.channel

),

draw_numbers as (

    select cast(draw_number as bigint) as draw_number
    from (
        {{ dbt.generate_series(draws) }}
    ) as draw_series (draw_number)

),

draw_state_0 as (

    select
        months.opportunity_id,
        draw_numbers.draw_number,
        (months.opportunity_rank * 7919 + draw_numbers.draw_number * 104729 + {{ seed }}) % 2147483648 as state
    from months
    cross join draw_numbers

),

{%- for round in [1, 2, 3] %}

    draw_state_{{ round }} as (

        select
            opportunity_id,
            draw_number,
            (state * 1103515245 + 12345) % 2147483648 as state
        from draw_state_{{ round - 1 }}

    ),
{%- endfor %}

wins_drawn as (

    select
        draw_state_3.opportunity_id,
        draw_state_3.draw_number
    from draw_state_3
    inner join months
        on draw_state_3.opportunity_id = months.opportunity_id
    where draw_state_3.state / 2147483648.0 < months.win_probability

),

drawn_bookings as (

    select
        channel_shares.attribution_model,
        months.close_month,
        channel_shares.channel,
        wins_drawn.draw_number,
        {{ attribution_sum('months.amount * channel_shares.channel_share') }} as bookings
    from wins_drawn
    inner join months
        on wins_drawn.opportunity_id = months.opportunity_id
    inner join channel_shares
        on wins_drawn.opportunity_id = channel_shares.opportunity_id
    group by channel_shares.attribution_model, months.close_month, channel_shares.channel, wins_drawn.draw_number

),

every_draw as (

    select
        expected.attribution_model,
        expected.close_month,
        expected.channel,
        draw_numbers.draw_number,
        coalesce(drawn_bookings.bookings, 0) as bookings
    from expected
    cross join draw_numbers
    left join drawn_bookings
        on
            expected.attribution_model = drawn_bookings.attribution_model
            and (
                expected.close_month = drawn_bookings.close_month
                or (expected.close_month is null and drawn_bookings.close_month is null)
            )
            and expected.channel = drawn_bookings.channel
            and draw_numbers.draw_number = drawn_bookings.draw_number

),

draws_ranked as (

    select
        attribution_model,
        close_month,
        channel,
        bookings,
        row_number() over (
            partition by attribution_model, close_month, channel
            order by bookings asc, draw_number asc
        ) as bookings_rank
    from every_draw

),

intervals as (

    select
        attribution_model,
        close_month,
        channel,
        max(case when bookings_rank = {{ (draws * 0.05) | round(0, 'ceil') | int }} then bookings end)
            as bookings_p05,
        max(case when bookings_rank = {{ (draws * 0.5) | round(0, 'ceil') | int }} then bookings end)
            as bookings_p50,
        max(case when bookings_rank = {{ (draws * 0.95) | round(0, 'ceil') | int }} then bookings end)
            as bookings_p95
    from draws_ranked
    group by attribution_model, close_month, channel

),

final as (

    select
        expected.attribution_model,
        expected.close_month,
        expected.channel,
        expected.open_opportunities,
        expected.open_pipeline,
        expected.expected_wins,
        expected.expected_bookings,
        intervals.bookings_p05,
        intervals.bookings_p50,
        intervals.bookings_p95
    from expected
    inner join intervals
        on
            expected.attribution_model = intervals.attribution_model
            and (
                expected.close_month = intervals.close_month
                or (expected.close_month is null and intervals.close_month is null)
            )
            and expected.channel = intervals.channel

)

select * from final
