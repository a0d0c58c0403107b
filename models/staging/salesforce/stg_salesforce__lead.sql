{#- The accepted rows of Salesforce's lead, canonical (Fivetran) column names, as text. -#}
{{ attribution_source_staging_model('salesforce', 'lead') }}
