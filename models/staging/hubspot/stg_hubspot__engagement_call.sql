{#- The accepted rows of HubSpot's engagement_call, canonical (Fivetran) column names, as text. -#}
{{ attribution_source_staging_model('hubspot', 'engagement_call') }}
