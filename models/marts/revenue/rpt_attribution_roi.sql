{#- Spend vs attributed pipeline and revenue: one row per attribution model x
    alignment x channel x calendar_month. Alignment `touch_month` puts attributed
    amounts in the month of the credited touch (an empty journey's row in the
    month the opportunity was created); `close_month` puts them in the month
    the opportunity closed (open ones in their creation month). Spend is in
    its own month under both. ROI = attributed revenue / spend; cost per
    opportunity and per won deal divide spend by the attributed (fractional)
    opportunities and won opportunities; null below a millionth of a deal. Attributed amounts are
    summed from int_attribution_credit_aggregated, which has both months. -#}
{%- set alignments = ['touch_month', 'close_month'] -%}
with

attributed as (

    select * from {{ ref('int_attribution_credit_aggregated') }}

),

spend as (

    select
        spend_month,
        channel,
        {{ attribution_sum("amount") }} as spend
    from {{ ref('fct_marketing_spend') }}
    where spend_month is not null
    group by spend_month, channel

),

aligned as (

    {% for alignment in alignments %}
        select
            attribution_model,
            '{{ alignment }}' as alignment,
            channel,
            {{ alignment }} as calendar_month,
            attributed_pipeline,
            attributed_revenue,
            attributed_opportunities as attribution_weight,
            case when is_won then attributed_opportunities else 0 end as won_weight
        from attributed
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

attributed_by_month as (

    select
        attribution_model,
        alignment,
        channel,
        calendar_month,
        {{ attribution_sum("attributed_pipeline") }} as attributed_pipeline,
        {{ attribution_sum("attributed_revenue") }} as attributed_revenue,
        {{ attribution_sum("attribution_weight") }} as attributed_opportunities,
        {{ attribution_sum("won_weight") }} as attributed_won_opportunities
    from aligned
    group by attribution_model, alignment, channel, calendar_month

),

model_alignments as (

    select distinct
        attribution_model,
        alignment
    from attributed_by_month

),

spend_by_model as (

    select
        model_alignments.attribution_model,
        model_alignments.alignment,
        spend.channel,
        spend.spend_month as calendar_month,
        spend.spend
    from model_alignments
    cross join spend

),

combined as (

    select
        coalesce(attributed_by_month.attribution_model, spend_by_model.attribution_model) as attribution_model,
        coalesce(attributed_by_month.alignment, spend_by_model.alignment) as alignment,
        coalesce(attributed_by_month.channel, spend_by_model.channel) as channel,
        coalesce(attributed_by_month.calendar_month, spend_by_model.calendar_month) as calendar_month,
        cast(coalesce(spend_by_model.spend, 0) as {{ attribution_type_double() }}) as spend,
        cast(coalesce(attributed_by_month.attributed_pipeline, 0) as {{ attribution_type_double() }})
            as attributed_pipeline,
        cast(coalesce(attributed_by_month.attributed_revenue, 0) as {{ attribution_type_double() }})
            as attributed_revenue,
        cast(coalesce(attributed_by_month.attributed_opportunities, 0) as {{ attribution_type_double() }})
            as attributed_opportunities,
        cast(coalesce(attributed_by_month.attributed_won_opportunities, 0) as {{ attribution_type_double() }})
            as attributed_won_opportunities
    from attributed_by_month
    full outer join spend_by_model
        on
            attributed_by_month.attribution_model = spend_by_model.attribution_model
            and attributed_by_month.alignment = spend_by_model.alignment
            and attributed_by_month.channel = spend_by_model.channel
            and attributed_by_month.calendar_month = spend_by_model.calendar_month

),

final as (

    select
        *,
        {{ attribution_safe_divide('attributed_revenue', 'spend') }} as roi,
        {#- Per deal only where the channel was credited at least a millionth of a
            deal: below that the ratio is noise (a time-decay weight of 1e-14
            would make a cost of 1e16 per deal) and engines' sums differ. -#}
        {{ attribution_safe_divide(
            'spend', 'case when attributed_opportunities >= 1e-6 then attributed_opportunities end'
        ) }} as cost_per_opportunity,
        {{ attribution_safe_divide(
            'spend', 'case when attributed_won_opportunities >= 1e-6 then attributed_won_opportunities end'
        ) }} as cost_per_won_deal
    from combined

)

select * from final
