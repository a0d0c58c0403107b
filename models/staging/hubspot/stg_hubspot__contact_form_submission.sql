{#- The accepted rows of HubSpot's contact_form_submission, canonical (Fivetran) column names, as text. -#}
{{ attribution_source_staging_model('hubspot', 'contact_form_submission') }}
