{#- The accepted rows of HubSpot's company, canonical (Fivetran) column names, as text. -#}
{{ attribution_source_staging_model('hubspot', 'company') }}
