{#- The accepted rows of Salesforce's contact, canonical (Fivetran) column names, as text. -#}
{{ attribution_source_staging_model('salesforce', 'contact') }}
