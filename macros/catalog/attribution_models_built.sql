{#- The attribution models (SPEC section 4), declared once: name, family,
    label for people, a label of at most seven characters for narrow table
    columns, and the order reports list them in. The model attribution_models
    renders this list as a table (schema seeds) for the report, the summary and
    BI; int_touchpoints_weighted, the marts and the tests of attribution_model
    read attribution_models_built(). One model a line: python_tests read it. -#}
{% macro attribution_model_catalog() %}
    {{ return([
        {'attribution_model': 'first_touch', 'family': 'rule_based', 'label': 'First touch', 'short_label': 'first', 'display_order': 1},
        {'attribution_model': 'lead_creation', 'family': 'rule_based', 'label': 'Lead creation', 'short_label': 'lead', 'display_order': 2},
        {'attribution_model': 'opportunity_creation', 'family': 'rule_based', 'label': 'Opportunity creation', 'short_label': 'opp', 'display_order': 3},
        {'attribution_model': 'last_touch', 'family': 'rule_based', 'label': 'Last touch', 'short_label': 'last', 'display_order': 4},
        {'attribution_model': 'last_non_direct', 'family': 'rule_based', 'label': 'Last non-direct', 'short_label': 'lnd', 'display_order': 5},
        {'attribution_model': 'linear', 'family': 'rule_based', 'label': 'Linear', 'short_label': 'linear', 'display_order': 6},
        {'attribution_model': 'position_based', 'family': 'rule_based', 'label': 'Position-based', 'short_label': 'posit', 'display_order': 7},
        {'attribution_model': 'j_shaped', 'family': 'rule_based', 'label': 'J-shaped', 'short_label': 'j', 'display_order': 8},
        {'attribution_model': 'inverse_j', 'family': 'rule_based', 'label': 'Inverse J', 'short_label': 'inv_j', 'display_order': 9},
        {'attribution_model': 'u_shaped', 'family': 'rule_based', 'label': 'U-shaped', 'short_label': 'u', 'display_order': 10},
        {'attribution_model': 'w_shaped', 'family': 'rule_based', 'label': 'W-shaped', 'short_label': 'w', 'display_order': 11},
        {'attribution_model': 'full_path', 'family': 'rule_based', 'label': 'Full path', 'short_label': 'full', 'display_order': 12},
        {'attribution_model': 'time_decay', 'family': 'rule_based', 'label': 'Time decay', 'short_label': 'decay', 'display_order': 13},
        {'attribution_model': 'markov', 'family': 'data_driven', 'label': 'Markov chain', 'short_label': 'markov', 'display_order': 14},
        {'attribution_model': 'shapley', 'family': 'data_driven', 'label': 'Shapley value', 'short_label': 'shapley', 'display_order': 15},
        {'attribution_model': 'incremental', 'family': 'data_driven', 'label': 'Incremental', 'short_label': 'incr', 'display_order': 16},
    ]) }}
{% endmacro %}


{#- The attribution models this target builds, in catalog order: every one,
    except incremental where the project's dbt Python models do not run (its
    fit is one, see attribution_python_models_enabled). int_touchpoints_weighted
    unions exactly these, and the tests of attribution_model read the same list. -#}
{% macro attribution_models_built() %}
    {%- set models = [] -%}
    {%- for entry in attribution_model_catalog() | sort(attribute='display_order') -%}
        {%- if entry['attribution_model'] != 'incremental' or attribution_python_models_enabled() -%}
            {%- do models.append(entry['attribution_model']) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(models) }}
{% endmacro %}
