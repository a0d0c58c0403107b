{#- The incremental win model's log-odds of each journey, in one place for
    the credit (fit_sample 'all') and the held-out validation ('training'):
    intercept + the opportunity type's coefficient + the sum of the
    coefficients of the journey's channels; a type or channel the fit never
    saw counts 0. `features` is a CTE with one row per opportunity x channel
    of its journey (opportunity_id, opportunity_type, channel). Renders the
    CTEs coefficients, intercepts, type_coefficients, channel_coefficients and
    journey_logits (one row per opportunity: journey_logit); a model uses
    them after its own import CTEs. -#}
{% macro attribution_incremental_journey_logits(features, fit_sample) -%}
coefficients as (

    select * from {{ ref('int_incremental_coefficients_fitted') }}
    where fit_sample = '{{ fit_sample }}'

),

intercepts as (

    select coefficient as intercept from coefficients
    where term_type = 'intercept'

),

type_coefficients as (

    select
        term as opportunity_type,
        coefficient
    from coefficients
    where term_type = 'opportunity_type'

),

channel_coefficients as (

    select
        term as channel,
        coefficient
    from coefficients
    where term_type = 'channel'

),

journey_logits as (

    select
        {{ features }}.opportunity_id,
        max(coalesce(intercepts.intercept, 0) + coalesce(type_coefficients.coefficient, 0))
        + {{ attribution_sum('coalesce(channel_coefficients.coefficient, 0)') }} as journey_logit
    from {{ features }}
    left join intercepts
        on 1 = 1
    left join type_coefficients
        on {{ features }}.opportunity_type = type_coefficients.opportunity_type
    left join channel_coefficients
        on {{ features }}.channel = channel_coefficients.channel
    group by {{ features }}.opportunity_id

)
{%- endmacro %}
