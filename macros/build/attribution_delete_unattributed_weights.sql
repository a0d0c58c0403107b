{#- post_hook of int_journey_rule_weights on an incremental build: the rows
    of opportunities that are no longer attributed (deleted at the source,
    excluded, created after a point-in-time as-of). Every other change
    reaches the table through delete+insert on opportunity_id: a reweighted
    journey, and an attributed opportunity whose journey became empty (its
    empty-journey row is rewritten on every build). Renders nothing where the
    model is a table (every build rewrites it in full). -#}
{% macro attribution_delete_unattributed_weights() -%}
    {%- if attribution_incremental_build_materialization() == 'incremental' -%}
        delete from {{ this }} as rule_weights
        where not exists (
            select 1
            from {{ ref('int_opportunities_prepared') }} as opportunities
            where
                opportunities.opportunity_id = rule_weights.opportunity_id
                and opportunities.is_attributed
        )
    {%- endif -%}
{%- endmacro %}
