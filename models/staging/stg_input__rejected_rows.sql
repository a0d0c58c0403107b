{#- Every raw row that failed validation, with why. Together with the staging
    models it accounts for every raw row: raw = accepted + rejected. -#}
{%- set bases = [
    ('accounts', 'base_crm__accounts'),
    ('contacts', 'base_crm__contacts'),
    ('lifecycle_events', 'base_crm__lifecycle_events'),
    ('opportunities', 'base_crm__opportunities'),
    ('opportunity_contact_roles', 'base_crm__opportunity_contact_roles'),
    ('campaigns', 'base_crm__campaigns'),
    ('currency_rates', 'base_crm__currency_rates'),
    ('touchpoints', 'base_marketing__touchpoints'),
    ('ad_spend', 'base_marketing__ad_spend'),
] -%}

with

{% for table, base in bases %}
    rejected_{{ table }} as (

        select
            '{{ table }}' as source_table,
            source_key,
            rejection_reason,
            copy_number,
            raw_row
        from {{ ref(base) }}
        where rejection_reason is not null

    ),

{% endfor %}
unioned as (

    {% for table, base in bases %}
        select * from rejected_{{ table }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

final as (

    select
        {{ dbt.hash(dbt.concat(["source_table", "'|'", "raw_row", "'|'", dbt.cast("copy_number", dbt.type_string())])) }}
            as rejected_row_id,
        source_table,
        source_key,
        rejection_reason,
        raw_row
    from unioned

)

select * from final
