{#- The weight of a journey touch under a rule-based model (SPEC section 4),
    as one SQL expression over the columns of int_journey_touchpoints_ordered
    (touch_position, touch_count, ft/lc/oc/cw_position,
    seconds_before_latest_touch) plus last_non_direct_position
    (attribution_last_non_direct_position). The per-family weight views and
    int_journey_rule_weights both render their weights from it.
      first_touch           1 on FT
      lead_creation         1 on LC, else FT
      opportunity_creation  1 on OC, else FT
      last_touch            1 on the journey's last touch
      last_non_direct       1 on the last touch whose channel is not direct, else the last touch
      linear                1/n each
      position_based, j_shaped, inverse_j   attribution_position_weight (shares are vars)
      u_shaped, w_shaped, full_path         attribution_milestone_weight (shares are vars)
      time_decay            2^(-d / H) normalised over the journey, d from the
                            journey's latest touch (the common factor from the
                            journey end cancels; the latest touch weighs 1, so
                            the sum never underflows), H = var attribution_half_life_days
    time_decay is a window over `partition_by` (the journey).
    With path transforms (var attribution_path_transforms, the columns of
    attribution_path_transform_ctes), a touch off the transformed path
    weighs 0 and the formulas read the path: first_touch, last_touch,
    last_non_direct, linear, the position family and time_decay use
    credited_position / credited_count / seconds_before_latest_credited_touch;
    the milestone models keep their milestone touches (lead_creation and
    opportunity_creation are unchanged; u_shaped, w_shaped and full_path split
    the middle share over the credited non-milestone touches up to L). -#}
{% macro attribution_rule_weight(model_name, partition_by='opportunity_id') -%}
    {%- set double = attribution_type_double() -%}
    {%- set transformed = attribution_path_transforms() | length > 0 -%}
    {%- set position = 'credited_position' if transformed else 'touch_position' -%}
    {%- set count = 'credited_count' if transformed else 'touch_count' -%}
    {%- set single_touch = {
        'first_touch': 'ft_position' if not transformed else '1',
        'lead_creation': 'coalesce(lc_position, ft_position)',
        'opportunity_creation': 'coalesce(oc_position, ft_position)',
        'last_touch': count,
        'last_non_direct': 'coalesce(last_non_direct_position, ' ~ count ~ ')',
    } -%}
    {%- set on_path = ['first_touch', 'last_touch', 'last_non_direct'] -%}
    {%- set positional = {
        'position_based': ('attribution_position_first_share', 'attribution_position_last_share'),
        'j_shaped': ('attribution_j_shaped_first_share', 'attribution_j_shaped_last_share'),
        'inverse_j': ('attribution_inverse_j_first_share', 'attribution_inverse_j_last_share'),
    } -%}
    {%- set u_share = attribution_setting('attribution_u_shaped_milestone_share') -%}
    {%- set w_share = attribution_setting('attribution_w_shaped_milestone_share') -%}
    {%- set full_share = attribution_setting('attribution_full_path_milestone_share') -%}
    {%- set milestone = {
        'u_shaped': ([('ft_position', u_share), ('lc_position', u_share)], 1 - 2 * u_share),
        'w_shaped': ([('ft_position', w_share), ('lc_position', w_share), ('oc_position', w_share)], 1 - 3 * w_share),
        'full_path': ([('ft_position', full_share), ('lc_position', full_share), ('oc_position', full_share),
            ('cw_position', full_share)], 1 - 4 * full_share),
    } -%}
    {%- if model_name in single_touch -%}
        {%- set touch = position if model_name in on_path else 'touch_position' -%}
        cast(case when {{ touch }} = {{ single_touch[model_name] }} then 1 else 0 end as {{ double }})
    {%- elif model_name == 'linear' and transformed -%}
        case when is_credited then cast(1 as {{ double }}) / credited_count else cast(0 as {{ double }}) end
    {%- elif model_name == 'linear' -%}
        cast(1 as {{ double }}) / touch_count
    {%- elif model_name in positional -%}
        {%- set weight = attribution_position_weight(position, count,
            attribution_setting(positional[model_name][0]), attribution_setting(positional[model_name][1])) -%}
        {%- if transformed -%}
            case when is_credited then {{ weight }} else cast(0 as {{ double }}) end
        {%- else -%}
            {{ weight }}
        {%- endif -%}
    {%- elif model_name in milestone -%}
        {{ attribution_milestone_weight('touch_position', milestone[model_name][0], milestone[model_name][1],
            credited='is_credited' if transformed else none, partition_by=partition_by) }}
    {%- elif model_name == 'time_decay' -%}
        {%- set half_life_seconds = attribution_setting('attribution_half_life_days') * 86400 -%}
        {%- set seconds = 'seconds_before_latest_credited_touch' if transformed else 'seconds_before_latest_touch' -%}
        {#- Off the path the seconds are null, so the decay is null: 0 in the sum, coalesced to 0 below. #}
        {%- set decay -%}
            power(cast(2 as {{ double }}), -1 * {{ seconds }} / {{ half_life_seconds }})
        {%- endset -%}
        {%- if transformed -%}
            coalesce({{ decay }} / {{ attribution_sum(decay, over='partition by ' ~ partition_by) }}, cast(0 as {{ double }}))
        {%- else -%}
            {{ decay }} / {{ attribution_sum(decay, over='partition by ' ~ partition_by) }}
        {%- endif -%}
    {%- else -%}
        {{ exceptions.raise_compiler_error("Not a rule-based attribution model: " ~ model_name) }}
    {%- endif -%}
{%- endmacro %}
