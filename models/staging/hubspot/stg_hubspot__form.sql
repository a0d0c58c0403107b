{#- The accepted rows of HubSpot's form, canonical (Fivetran) column names, as text. -#}
{{ attribution_source_staging_model('hubspot', 'form') }}
