{#- Every raw row is either accepted (in its staging model) or rejected
    (in stg_input__rejected_rows): raw = accepted + rejected, per table. -#}
{%- set tables = [
    ('crm', 'accounts', 'stg_crm__accounts'),
    ('crm', 'contacts', 'stg_crm__contacts'),
    ('crm', 'lifecycle_events', 'stg_crm__lifecycle_events'),
    ('crm', 'opportunities', 'stg_crm__opportunities'),
    ('crm', 'opportunity_contact_roles', 'stg_crm__opportunity_contact_roles'),
    ('crm', 'campaigns', 'stg_crm__campaigns'),
    ('crm', 'currency_rates', 'stg_crm__currency_rates'),
    ('marketing', 'touchpoints', 'stg_marketing__touchpoints'),
    ('marketing', 'ad_spend', 'stg_marketing__ad_spend'),
] -%}

with

rejected as (

    select
        source_table,
        count(*) as rejected_rows
    from {{ ref('stg_input__rejected_rows') }}
    group by source_table

),

counts as (

    {% for source_name, table, model in tables %}
        select
            '{{ table }}' as source_table,
            (select count(*) from {{ source(source_name, table) }}) as raw_rows,
            (
                select count(*) from {{ ref(model) }}
                {%- if table == 'currency_rates' %} where not is_implicit{% endif %}
            ) as accepted_rows
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

compared as (

    select
        counts.source_table,
        counts.raw_rows,
        counts.accepted_rows,
        coalesce(rejected.rejected_rows, 0) as rejected_rows
    from counts
    left join rejected
        on counts.source_table = rejected.source_table

)

select * from compared
where raw_rows <> accepted_rows + rejected_rows
