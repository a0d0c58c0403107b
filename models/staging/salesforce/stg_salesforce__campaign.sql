{#- The accepted rows of Salesforce's campaign, canonical (Fivetran) column names, as text. -#}
{{ attribution_source_staging_model('salesforce', 'campaign') }}
