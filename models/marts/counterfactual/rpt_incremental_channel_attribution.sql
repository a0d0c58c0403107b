{#- The incremental model's channel table (SPEC sections 5 and 6), the
    global view: one row per channel seen in a journey, with its coefficient
    in the win model (penalised, as used for the credit; unpenalised with its
    Wald 95% interval from the inverse Fisher information) and the wins and
    value it is expected to have caused. expected_incremental_wins(c) = sum
    over won deals whose journey has c of (p(J) - p(J without c))^+ / p(J):
    given that the deal was won, the probability that it would have been lost
    without c (the win happens when U < p(J), U uniform, so it is lost without
    c when p(J without c) <= U < p(J): probability drop / p(J)). That is the
    unbiased estimate of the wins lost if c were removed from every journey;
    the plain sum of the drops would count each won deal's chance p(J) times
    too few. -#}
with

channels as (

    select * from {{ ref('int_channels_indexed') }}

),

coefficients as (

    select * from {{ ref('int_incremental_coefficients_fitted') }}
    where
        fit_sample = 'all'
        and term_type = 'channel'

),

scored as (

    select * from {{ ref('int_incremental_probabilities_scored') }}

),

credited as (

    {#- Per won deal and channel: the probability that the deal would have
        been lost without the channel, and that times the deal's value. -#}
    select
        channel,
        is_training,
        is_converted,
        case
            when is_converted
                then {{ attribution_safe_divide(
                    'case when probability_drop > 0 then probability_drop else 0 end',
                    'journey_probability') }}
            else 0
        end as incremental_win,
        case
            when is_converted
                then won_amount * {{ attribution_safe_divide(
                    'case when probability_drop > 0 then probability_drop else 0 end',
                    'journey_probability') }}
            else 0
        end as incremental_value
    from scored

),

by_channel as (

    select
        channel,
        {{ attribution_sum('incremental_win') }} as expected_incremental_wins,
        {{ attribution_sum('incremental_value') }} as expected_incremental_value,
        count(*) as journeys_with_channel,
        sum(case when is_training then 1 else 0 end) as training_journeys_with_channel,
        sum(case when is_converted then 1 else 0 end) as converted_journeys_with_channel
    from credited
    group by channel

),

final as (

    select
        cast(channels.channel as {{ dbt.type_string() }}) as channel,
        cast(coalesce(coefficients.coefficient, 0) as {{ attribution_type_double() }}) as coefficient,
        cast(coefficients.unpenalised_coefficient as {{ attribution_type_double() }}) as unpenalised_coefficient,
        cast(coefficients.std_error as {{ attribution_type_double() }}) as std_error,
        cast(coefficients.ci_lower as {{ attribution_type_double() }}) as ci_lower,
        cast(coefficients.ci_upper as {{ attribution_type_double() }}) as ci_upper,
        cast(coalesce(by_channel.expected_incremental_wins, 0) as {{ attribution_type_double() }})
            as expected_incremental_wins,
        cast(coalesce(by_channel.expected_incremental_value, 0) as {{ attribution_type_double() }})
            as expected_incremental_value,
        cast(
            {{ attribution_safe_divide(
                'coalesce(by_channel.expected_incremental_wins, 0)',
                attribution_sum('by_channel.expected_incremental_wins', over='')) }}
            as {{ attribution_type_double() }}
        ) as share_of_incremental_wins,
        cast(coalesce(by_channel.journeys_with_channel, 0) as {{ dbt.type_bigint() }}) as journeys_with_channel,
        cast(coalesce(by_channel.training_journeys_with_channel, 0) as {{ dbt.type_bigint() }})
            as training_journeys_with_channel,
        cast(coalesce(by_channel.converted_journeys_with_channel, 0) as {{ dbt.type_bigint() }})
            as converted_journeys_with_channel
    from channels
    left join coefficients
        on channels.channel = coefficients.term
    left join by_channel
        on channels.channel = by_channel.channel

)

select * from final
