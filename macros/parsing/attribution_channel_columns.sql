{#- The channel, channel_group and team columns of a classified row: the
    campaign's channel override when set (its group and team from the
    override's channel defaults, else `other` and marketing), else the
    classified channel (else `other`, `other`, marketing). Arguments are the
    relation aliases: `override` has channel_override, `defaults` and
    `classified` have channel, channel_group and team. -#}
{% macro attribution_channel_columns(override, defaults, classified) -%}
    coalesce({{ override }}.channel_override, {{ classified }}.channel, 'other') as channel,
    case
        when {{ override }}.channel_override is not null then coalesce({{ defaults }}.channel_group, 'other')
        else coalesce({{ classified }}.channel_group, 'other')
    end as channel_group,
    case
        when {{ override }}.channel_override is not null then coalesce({{ defaults }}.team, 'marketing')
        else coalesce({{ classified }}.team, 'marketing')
    end as team
{%- endmacro %}
