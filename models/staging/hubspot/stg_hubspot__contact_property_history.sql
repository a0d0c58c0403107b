{#- The accepted rows of HubSpot's contact_property_history, canonical (Fivetran) column names, as text. -#}
{{ attribution_source_staging_model('hubspot', 'contact_property_history') }}
