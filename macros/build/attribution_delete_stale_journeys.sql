{#- post_hook of int_journey_touchpoints_ordered on an incremental build: the
    rows of opportunities whose stored journey_fingerprint is no longer
    theirs in int_journeys_fingerprinted. The build rewrote every
    opportunity whose fingerprint changed (delete+insert on opportunity_id),
    so what is left stale is an opportunity whose journey is now empty (it has
    no row in the new batch, so delete+insert did not remove its old rows) or
    that is no longer attributed (deleted, excluded, created after the as-of
    time). Renders nothing where the model is a table (every build rewrites
    it in full). -#}
{% macro attribution_delete_stale_journeys() -%}
    {%- if attribution_incremental_build_materialization() == 'incremental' -%}
        delete from {{ this }} as journeys
        where not exists (
            select 1
            from {{ ref('int_journeys_fingerprinted') }} as fingerprints
            where
                fingerprints.opportunity_id = journeys.opportunity_id
                and fingerprints.journey_fingerprint = journeys.journey_fingerprint
        )
    {%- endif -%}
{%- endmacro %}
