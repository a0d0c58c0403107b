{#- Markov order choice (docs/markov_value_and_order.md): every held-out
    training path scored by the chain of each order k = 1 ..
    attribution_markov_max_order_compared used as a classifier. One row per
    order x held-out path (closed opportunity with a non-empty journey,
    int_training_opportunities_split).
    The order-k chain (ChannelAttribution's k-gram states) is fitted on the
    other training paths, conversions and non-conversions. Given a whole
    path, the chain's probability that it converts is P(path and conversion)
    / (P(path and conversion) + P(path and null)): the transitions along the
    path are common to both and cancel, leaving P(s -> conversion) / (P(s ->
    conversion) + P(s -> null)) at the path's last state s (its last k
    channels, the whole path when shorter), i.e. the share of the training
    paths ending in s that converted. A last state that ends no training path
    is scored with the training paths' conversion rate (is_state_seen false). -#}
{%- set max_order = attribution_setting('attribution_markov_max_order_compared') -%}

with

steps as (

    select * from {{ ref('int_journey_steps_collapsed') }}
    where is_training

),

split as (

    select * from {{ ref('int_training_opportunities_split') }}

),

lagged as (

    select
        opportunity_id,
        step_number,
        step_count,
        is_converted,
        {%- for back in range(1, max_order) %}
            lag(channel, {{ back }}) over (partition by opportunity_id order by step_number) as channel_{{ back }},
        {%- endfor %}
        channel as channel_0
    from steps

),

paths as (

    {#- One row per path: its last step and the channels before it. -#}
    select
        lagged.*,
        split.is_holdout
    from lagged
    inner join split
        on lagged.opportunity_id = split.opportunity_id
    where lagged.step_number = lagged.step_count

),

labelled as (

    {#- The last state of each order: the last k channels, oldest first, '>' between. -#}
    {% for order in range(1, max_order + 1) %}
        select
            opportunity_id,
            is_converted,
            is_holdout,
            {{ order }} as markov_order,
            {%- set parts = [] -%}
            {%- for back in range(order - 1, 0, -1) -%}
                {%- do parts.append("coalesce(" ~ dbt.concat(["channel_" ~ back, "'>'"]) ~ ", '')") -%}
            {%- endfor -%}
            {%- do parts.append('channel_0') %}
            {{ dbt.concat(parts) if parts | length > 1 else parts[0] }} as last_state
        from paths
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

state_rates as (

    select
        markov_order,
        last_state,
        sum(case when is_converted then 1 else 0 end) as training_conversions,
        count(*) as training_paths
    from labelled
    where not is_holdout
    group by markov_order, last_state

),

base_rates as (

    select
        markov_order,
        {{ attribution_safe_divide('sum(case when is_converted then 1 else 0 end)', 'count(*)') }} as base_rate
    from labelled
    where not is_holdout
    group by markov_order

),

scored as (

    select
        labelled.markov_order,
        labelled.opportunity_id,
        labelled.last_state,
        labelled.is_converted,
        state_rates.training_paths is not null as is_state_seen,
        coalesce(
            {{ attribution_safe_divide('state_rates.training_conversions', 'state_rates.training_paths') }},
            base_rates.base_rate,
            0
        ) as conversion_score
    from labelled
    left join state_rates
        on
            labelled.markov_order = state_rates.markov_order
            and labelled.last_state = state_rates.last_state
    left join base_rates
        on labelled.markov_order = base_rates.markov_order
    where labelled.is_holdout

),

final as (

    select
        cast(markov_order as integer) as markov_order,
        cast(opportunity_id as {{ dbt.type_string() }}) as opportunity_id,
        cast(last_state as {{ dbt.type_string() }}) as last_state,
        is_converted,
        is_state_seen,
        cast(conversion_score as {{ attribution_type_double() }}) as conversion_score
    from scored

)

select * from final
