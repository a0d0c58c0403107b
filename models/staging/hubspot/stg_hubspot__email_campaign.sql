{#- The accepted rows of HubSpot's email_campaign, canonical (Fivetran) column names, as text. -#}
{{ attribution_source_staging_model('hubspot', 'email_campaign') }}
