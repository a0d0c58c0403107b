{#- The fixed-seed held-out split of the training opportunities (closed, with
    a non-empty journey), shared by the data-driven models' validation
    (rpt_data_driven_model_fit) and the Markov order choice
    (rpt_markov_order_choice); plain SQL, so it builds on every engine, also
    where the Python models are off. One row per training opportunity. The
    opportunities are ordered by the hash of seed || opportunity_id
    (opportunity_id breaks a tie) and the first ceil(share x n) are held out:
    the same seed and data always give the same split, on every engine. -#}
{%- set share = attribution_setting('attribution_incremental_holdout_share') -%}

with

journey_sets as (

    select * from {{ ref('int_journey_channel_sets') }}
    where is_training

),

ranked as (

    select
        opportunity_id,
        is_converted,
        won_amount,
        row_number() over (
            order by
                {{ dbt.hash(dbt.concat(["'" ~ attribution_setting('attribution_incremental_seed') ~ "'", "opportunity_id"])) }},
                opportunity_id
        ) as split_rank,
        count(*) over () as training_opportunities
    from journey_sets

),

final as (

    select
        opportunity_id,
        is_converted,
        won_amount,
        split_rank,
        split_rank <= ceil(training_opportunities * {{ share }}) as is_holdout
    from ranked

)

select * from final
