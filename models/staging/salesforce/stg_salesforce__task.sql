{#- The accepted rows of Salesforce's task, canonical (Fivetran) column names, as text. -#}
{{ attribution_source_staging_model('salesforce', 'task') }}
