{#- The accepted rows of Salesforce's opportunity, canonical (Fivetran) column names, as text. -#}
{{ attribution_source_staging_model('salesforce', 'opportunity') }}
