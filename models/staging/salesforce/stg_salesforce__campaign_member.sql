{#- The accepted rows of Salesforce's campaign_member, canonical (Fivetran) column names, as text. -#}
{{ attribution_source_staging_model('salesforce', 'campaign_member') }}
