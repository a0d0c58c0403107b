{#- The accepted rows of Salesforce's dated_conversion_rate, canonical (Fivetran) column names, as text. -#}
{{ attribution_source_staging_model('salesforce', 'dated_conversion_rate') }}
