{#- The accepted rows of Salesforce's opportunity_contact_role, canonical (Fivetran) column names, as text. -#}
{{ attribution_source_staging_model('salesforce', 'opportunity_contact_role') }}
