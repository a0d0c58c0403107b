{#- The accepted rows of Salesforce's opportunity_field_history, canonical (Fivetran) column names, as text. -#}
{{ attribution_source_staging_model('salesforce', 'opportunity_field_history') }}
