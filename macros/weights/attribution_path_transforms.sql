{#- The path transforms of var attribution_path_transforms
    (docs/path_transforms.md), validated, as a list of [name, argument]
    pairs in the order they apply (argument none for collapse_repeats and
    unique_channels). Empty by default: every touch is credited. -#}
{% macro attribution_path_transforms() -%}
    {%- set pairs = [] -%}
    {%- for item in attribution_setting('attribution_path_transforms') -%}
        {%- if item is string -%}
            {%- do pairs.append([item, none]) -%}
        {%- else -%}
            {%- for name, argument in item.items() -%}{%- do pairs.append([name, argument]) -%}{%- endfor -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(pairs) }}
{%- endmacro %}


{#- The path transforms applied to the journeys in CTE `source` (rows of
    int_journey_touchpoints_ordered, one journey per opportunity_id), as CTEs
    ending with `path_transformed`: the `columns` of `source` plus
      is_credited                          the touch is on the transformed path
      credited_position                    its position on that path (null when not credited)
      credited_count                       touches on the path (per journey)
      seconds_before_latest_credited_touch seconds to the path's latest touch (null when not credited)
    Each transform is one CTE of window functions over the touches still
    credited (partition by opportunity_id, is_credited: the touches already
    dropped form their own partition and stay dropped), in the order of the
    var. No transform empties a path: remove_if_not_all and
    remove_if_last_and_not_all keep a path made only of their channels,
    first_n and last_n keep at least one touch. Renders `path_transformed as
    (...)` with no trailing comma, so a model continues with `, next as (...)`. -#}
{% macro attribution_path_transform_ctes(source, columns) -%}
    {%- set transforms = attribution_path_transforms() -%}
    {%- set carried = columns | join(',\n        ') -%}
    {%- set credited_window = 'partition by opportunity_id, is_credited' -%}
path_step_0 as (

    select
        {{ carried }},
        true as is_credited
    from {{ source }}

),

{% for name, argument in transforms -%}
    {%- set previous = 'path_step_' ~ loop.index0 -%}
    {%- if argument is not none and argument is sequence and argument is not string -%}
        {%- set listed = "channel in ('" ~ (argument | join("', '")) ~ "')" -%}
    {%- endif %}
path_step_{{ loop.index }} as (

    select
        {{ carried }},
        is_credited and
        {%- if name == 'collapse_repeats' %}
            {#- A touch whose previous credited touch has its channel continues that run. #}
            coalesce(lag(channel) over ({{ credited_window }} order by touch_position) <> channel, true)
        {%- elif name == 'unique_channels' %}
            row_number() over ({{ credited_window }}, channel order by touch_position) = 1
        {%- elif name == 'remove_if_not_all' %}
            (
                not coalesce({{ listed }}, false)
                or min(case when {{ listed }} then 1 else 0 end) over ({{ credited_window }}) = 1
            )
        {%- elif name == 'remove_if_last_and_not_all' %}
            {#- Kept: touches up to the last one of another channel; all of them when there is none. #}
            touch_position <= coalesce(
                max(case when coalesce({{ listed }}, false) then null else touch_position end)
                    over ({{ credited_window }}),
                touch_position
            )
        {%- elif name == 'first_n' %}
            row_number() over ({{ credited_window }} order by touch_position) <= {{ argument | int }}
        {%- elif name == 'last_n' %}
            row_number() over ({{ credited_window }} order by touch_position desc) <= {{ argument | int }}
        {%- else %}
            {{ exceptions.raise_compiler_error("Not a path transform: " ~ name) }}
        {%- endif %}
            as is_credited
    from {{ previous }}

),

{% endfor -%}
path_transformed as (

    select
        {{ carried }},
        is_credited,
        case
            when is_credited then row_number() over ({{ credited_window }} order by touch_position)
        end as credited_position,
        count(case when is_credited then 1 end) over (partition by opportunity_id) as credited_count,
        case
            when is_credited
                then seconds_before_latest_touch
                - min(case when is_credited then seconds_before_latest_touch end)
                    over (partition by opportunity_id)
        end as seconds_before_latest_credited_touch
    from path_step_{{ transforms | length }}

)
{%- endmacro %}


{#- The journey columns (int_journey_touchpoints_ordered) the rule-based
    weight formulas read, carried through the path transforms. -#}
{% macro attribution_path_transform_columns() -%}
    {{ return(['opportunity_id', 'touchpoint_id', 'channel', 'touch_position', 'touch_count', 'ft_position',
        'lc_position', 'oc_position', 'cw_position', 'seconds_before_latest_touch']) }}
{%- endmacro %}
