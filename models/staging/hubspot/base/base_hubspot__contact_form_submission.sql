{#- Every raw row of HubSpot's contact_form_submission with its verdict (macros/sources). -#}
{{ attribution_source_base_model('hubspot', 'contact_form_submission') }}
