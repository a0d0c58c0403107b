{#- The accepted rows of HubSpot's owner, canonical (Fivetran) column names, as text. -#}
{{ attribution_source_staging_model('hubspot', 'owner') }}
