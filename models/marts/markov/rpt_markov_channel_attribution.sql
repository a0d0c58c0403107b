{#- markov channel table (SPEC sections 5 and 6), the global view as
    ChannelAttribution reports it: one row per channel with its removal
    effect, its share of the sum of removal effects, and the training
    conversions and won value credited by that share. var
    attribution_markov_engine chooses the SQL or Python removal effects.
    The value_* columns: the same on won value (the value removal effects,
    int_markov_removal_effects), as ChannelAttribution's
    removal_effects_conversion_value and total_conversion_value. -#}
{%- set engine = attribution_markov_engine() -%}

with

removal_effects as (

    select * from {{ ref('int_markov_removal_effects_py' if engine == 'python' else 'int_markov_removal_effects') }}

),

steps as (

    select * from {{ ref('int_journey_steps_collapsed') }}

),

training_totals as (

    {#- One row per won opportunity with a non-empty journey (its first step). -#}
    select
        count(*) as total_conversions,
        coalesce({{ attribution_sum('won_amount') }}, 0) as total_won_value
    from steps
    where step_number = 1 and is_converted

),

shares as (

    select
        channel,
        removal_effect,
        conversion_probability,
        conversion_probability_without_channel,
        coalesce(
            {{ attribution_safe_divide('removal_effect', attribution_sum('removal_effect', over='')) }},
            0
        ) as removal_effect_share,
        value_removal_effect,
        expected_conversion_value,
        expected_conversion_value_without_channel,
        coalesce(
            {{ attribution_safe_divide('value_removal_effect', attribution_sum('value_removal_effect', over='')) }},
            0
        ) as value_removal_effect_share
    from removal_effects

),

final as (

    select
        cast(shares.channel as {{ dbt.type_string() }}) as channel,
        cast(shares.removal_effect as {{ attribution_type_double() }}) as removal_effect,
        cast(shares.removal_effect_share as {{ attribution_type_double() }}) as removal_effect_share,
        cast(shares.removal_effect_share * training_totals.total_conversions as {{ attribution_type_double() }})
            as attributed_conversions,
        cast(shares.removal_effect_share * training_totals.total_won_value as {{ attribution_type_double() }})
            as attributed_value,
        cast(shares.conversion_probability as {{ attribution_type_double() }}) as conversion_probability,
        cast(shares.conversion_probability_without_channel as {{ attribution_type_double() }})
            as conversion_probability_without_channel,
        cast(shares.value_removal_effect as {{ attribution_type_double() }}) as value_removal_effect,
        cast(shares.value_removal_effect_share as {{ attribution_type_double() }}) as value_removal_effect_share,
        cast(shares.value_removal_effect_share * training_totals.total_won_value as {{ attribution_type_double() }})
            as value_attributed_value,
        cast(shares.expected_conversion_value as {{ attribution_type_double() }}) as expected_conversion_value,
        cast(shares.expected_conversion_value_without_channel as {{ attribution_type_double() }})
            as expected_conversion_value_without_channel
    from shares
    cross join training_totals

)

select * from final
