{#- The markov channel table reconciles (SPEC section 5): removal effects
    lie in [0, 1], shares sum to 1 (when anything converts), and the credited
    conversions and value sum to the training conversions and their won value
    (to 1e-9 and 0.01). -#}
with

channel_table as (

    select * from {{ ref('rpt_markov_channel_attribution') }}

),

steps as (

    select * from {{ ref('int_journey_steps_collapsed') }}

),

training_totals as (

    select
        count(*) as total_conversions,
        coalesce(sum(won_amount), 0) as total_won_value
    from steps
    where step_number = 1 and is_converted

),

table_totals as (

    select
        coalesce(sum(removal_effect_share), 0) as share_sum,
        coalesce(sum(attributed_conversions), 0) as attributed_conversions,
        coalesce(sum(attributed_value), 0) as attributed_value,
        coalesce(min(removal_effect), 0) as min_removal_effect,
        coalesce(max(removal_effect), 0) as max_removal_effect
    from channel_table

),

compared as (

    select
        table_totals.*,
        training_totals.total_conversions,
        training_totals.total_won_value
    from training_totals
    cross join table_totals

)

select * from compared
where
    min_removal_effect < 0
    or max_removal_effect > 1
    or (total_conversions > 0 and abs(share_sum - 1) > 1e-9)
    or abs(attributed_conversions - total_conversions) > 1e-9 * (1 + total_conversions)
    or abs(attributed_value - total_won_value) > 0.01
