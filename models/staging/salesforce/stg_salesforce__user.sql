{#- The accepted rows of Salesforce's user, canonical (Fivetran) column names, as text. -#}
{{ attribution_source_staging_model('salesforce', 'user') }}
