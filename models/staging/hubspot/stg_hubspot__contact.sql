{#- The accepted rows of HubSpot's contact, canonical (Fivetran) column names, as text. -#}
{{ attribution_source_staging_model('hubspot', 'contact') }}
