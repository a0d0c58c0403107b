{#- The accepted rows of Salesforce's account, canonical (Fivetran) column names, as text. -#}
{{ attribution_source_staging_model('salesforce', 'account') }}
