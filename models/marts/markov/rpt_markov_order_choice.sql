{#- Which markov chain order the data supports (docs/markov_value_and_order.md):
    one row per order k = 1 .. attribution_markov_max_order_compared with the
    held-out AUC of the order-k chain used as a classifier
    (int_markov_order_paths_scored), as ChannelAttribution's choose_order
    compares orders. AUC by the rank formula: (sum of the converted paths'
    ranks - P (P + 1) / 2) / (P x N), ranks ascending by score, tied scores
    sharing their average rank; null when the held-out paths lack a
    conversion or a non-conversion. is_best_order marks the highest AUC, the
    lowest order on a tie. -#}

with

scored as (

    select * from {{ ref('int_markov_order_paths_scored') }}

),

ranked as (

    select
        markov_order,
        is_converted,
        is_state_seen,
        rank() over (partition by markov_order order by conversion_score)
        + (count(*) over (partition by markov_order, conversion_score) - 1) / 2.0 as average_rank
    from scored

),

orders as (

    select
        markov_order,
        count(*) as holdout_paths,
        sum(case when is_converted then 1 else 0 end) as holdout_conversions,
        sum(case when is_state_seen then 0 else 1 end) as holdout_paths_with_unseen_state,
        {{ attribution_sum('case when is_converted then average_rank else 0 end') }} as converted_rank_sum
    from ranked
    group by markov_order

),

auc as (

    select
        markov_order,
        holdout_paths,
        holdout_conversions,
        holdout_paths_with_unseen_state,
        case
            when holdout_conversions > 0 and holdout_paths > holdout_conversions
                then
                    (converted_rank_sum - holdout_conversions * (holdout_conversions + 1) / 2.0)
                    / (
                        cast(holdout_conversions as {{ attribution_type_double() }})
                        * (holdout_paths - holdout_conversions)
                    )
        end as holdout_auc
    from orders

),

best as (

    select
        markov_order,
        row_number() over (order by holdout_auc desc, markov_order asc) as auc_rank
    from auc
    where holdout_auc is not null

),

final as (

    select
        cast(auc.markov_order as integer) as markov_order,
        cast(auc.holdout_paths as bigint) as holdout_paths,
        cast(auc.holdout_conversions as bigint) as holdout_conversions,
        cast(auc.holdout_paths_with_unseen_state as bigint) as holdout_paths_with_unseen_state,
        cast(auc.holdout_auc as {{ attribution_type_double() }}) as holdout_auc,
        coalesce(best.auc_rank = 1, false) as is_best_order
    from auc
    left join best
        on auc.markov_order = best.markov_order

)

select * from final
