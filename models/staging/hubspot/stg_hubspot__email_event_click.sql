{#- The accepted rows of HubSpot's email_event_click, canonical (Fivetran) column names, as text. -#}
{{ attribution_source_staging_model('hubspot', 'email_event_click') }}
