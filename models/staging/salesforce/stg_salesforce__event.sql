{#- The accepted rows of Salesforce's event, canonical (Fivetran) column names, as text. -#}
{{ attribution_source_staging_model('salesforce', 'event') }}
