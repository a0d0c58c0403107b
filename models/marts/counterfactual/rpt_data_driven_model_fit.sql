{#- Validation of the data-driven models, shown to users: one row per model
    used as a classifier of won vs lost (incremental, markov) with its AUC on
    the held-out part of the fixed-seed split of the training opportunities
    (int_training_opportunities_split), each model trained on the rest
    (scores: int_holdout_opportunities_scored). AUC by the Mann-Whitney
    formula: (sum of the won opportunities' ranks - n_won (n_won + 1) / 2) /
    (n_won x n_lost), scores ranked ascending, tied scores sharing their
    average rank (a tie between a won and a lost deal counts one half). Null
    when the held-out part has no won or no lost opportunity. -#}
with

split as (

    select * from {{ ref('int_training_opportunities_split') }}

),

scores as (

    select * from {{ ref('int_holdout_opportunities_scored') }}

),

data_driven_models as (

    select cast('incremental' as {{ dbt.type_string() }}) as attribution_model
    union all
    select cast('markov' as {{ dbt.type_string() }}) as attribution_model

),

split_counts as (

    select
        sum(case when not is_holdout then 1 else 0 end) as training_opportunities,
        sum(case when not is_holdout and is_converted then 1 else 0 end) as training_conversions,
        sum(case when is_holdout then 1 else 0 end) as holdout_opportunities,
        sum(case when is_holdout and is_converted then 1 else 0 end) as holdout_conversions
    from split

),

ranked as (

    select
        attribution_model,
        is_converted,
        rank() over (partition by attribution_model order by holdout_score)
        + (count(*) over (partition by attribution_model, holdout_score) - 1) / 2.0 as average_rank
    from scores

),

rank_sums as (

    select
        attribution_model,
        sum(case when is_converted then average_rank else 0 end) as won_rank_sum,
        sum(case when is_converted then 1 else 0 end) as won_scored,
        sum(case when is_converted then 0 else 1 end) as lost_scored
    from ranked
    group by attribution_model

),

final as (

    select
        cast(data_driven_models.attribution_model as {{ dbt.type_string() }}) as attribution_model,
        cast(
            {{ attribution_safe_divide(
                'rank_sums.won_rank_sum - rank_sums.won_scored * (rank_sums.won_scored + 1) / 2.0',
                'rank_sums.won_scored * rank_sums.lost_scored') }}
            as {{ attribution_type_double() }}
        ) as holdout_auc,
        cast(coalesce(split_counts.training_opportunities, 0) as {{ dbt.type_bigint() }})
            as training_opportunities,
        cast(coalesce(split_counts.training_conversions, 0) as {{ dbt.type_bigint() }})
            as training_conversions,
        cast(coalesce(split_counts.holdout_opportunities, 0) as {{ dbt.type_bigint() }})
            as holdout_opportunities,
        cast(coalesce(split_counts.holdout_conversions, 0) as {{ dbt.type_bigint() }})
            as holdout_conversions,
        cast({{ attribution_setting('attribution_incremental_holdout_share') }} as {{ attribution_type_double() }})
            as holdout_share,
        cast('{{ attribution_setting('attribution_incremental_seed') }}' as {{ dbt.type_string() }}) as split_seed
    from data_driven_models
    left join rank_sums
        on data_driven_models.attribution_model = rank_sums.attribution_model
    left join split_counts
        on 1 = 1

)

select * from final
