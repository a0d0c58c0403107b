{#- The accepted rows of HubSpot's deal_pipeline, canonical (Fivetran) column names, as text. -#}
{{ attribution_source_staging_model('hubspot', 'deal_pipeline') }}
