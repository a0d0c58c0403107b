{#- HubSpot deal_contact -> the contract's opportunity_contact_roles (text),
    one row per deal and contact. HubSpot has no contact role object: a
    deal's contacts are its associations, and portals name roles with
    association labels (USER_DEFINED types, ids per portal), read through
    seeds/hubspot_deal_contact_labels.csv by type id or label name. role: the
    role of the contact's labels (the first by name when it has several),
    null when it has none; is_primary: one of its labels marks the primary
    contact. -#}
with

associations as (

    select * from {{ ref('stg_hubspot__deal_contact') }}

),

labels as (

    select
        is_primary,
        trim(type_id) as type_id,
        lower(trim(label)) as label_name,
        nullif(trim(role), '') as role
    from {{ ref('hubspot_deal_contact_labels') }}

),

labelled as (

    select
        associations.deal_id,
        associations.contact_id,
        coalesce(by_type.role, by_label.role) as role,
        coalesce(by_type.is_primary, by_label.is_primary, false) as is_primary
    from associations
    left join labels as by_type
        on
            trim(associations.type_id) = by_type.type_id
            and coalesce(upper(trim(associations.category)), 'USER_DEFINED') = 'USER_DEFINED'
    left join labels as by_label
        on lower(trim(associations.label)) = by_label.label_name

),

final as (

    select
        deal_id as opportunity_id,
        contact_id,
        min(role) as role,
        case when max(case when is_primary then 1 else 0 end) = 1 then 'true' else 'false' end as is_primary
    from labelled
    group by deal_id, contact_id

)

select * from final
