{#- The accepted rows of Salesforce's currency_type, canonical (Fivetran) column names, as text. -#}
{{ attribution_source_staging_model('salesforce', 'currency_type') }}
