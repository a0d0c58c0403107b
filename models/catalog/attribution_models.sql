{#- The attribution models as a table (one row per model, every model of the
    catalog, built on this target or not): attribution_model_catalog() is the
    one list. It stays in schema seeds, where it stood as a seed, so the
    report, the summary and BI read it unchanged. -#}
{{ config(schema='seeds') }}

{%- set rows = [] -%}
{%- for entry in attribution_model_catalog() -%}
    {%- do rows.append(
        "select cast('" ~ entry['attribution_model'] ~ "' as " ~ dbt.type_string() ~ ") as attribution_model, "
        ~ "cast('" ~ entry['family'] ~ "' as " ~ dbt.type_string() ~ ") as family, "
        ~ "cast('" ~ entry['label'] ~ "' as " ~ dbt.type_string() ~ ") as label, "
        ~ "cast('" ~ entry['short_label'] ~ "' as " ~ dbt.type_string() ~ ") as short_label, "
        ~ "cast(" ~ entry['display_order'] ~ " as " ~ dbt.type_int() ~ ") as display_order"
    ) -%}
{%- endfor %}

{{ rows | join('\nunion all\n') }}
