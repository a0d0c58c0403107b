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
    time_decay is a window over `partition_by` (the journey). -#}
{% macro attribution_rule_weight(model_name, partition_by='opportunity_id') -%}
    {%- set double = attribution_type_double() -%}
    {%- set single_touch = {
        'first_touch': 'ft_position',
        'lead_creation': 'coalesce(lc_position, ft_position)',
        'opportunity_creation': 'coalesce(oc_position, ft_position)',
        'last_touch': 'touch_count',
        'last_non_direct': 'coalesce(last_non_direct_position, touch_count)',
    } -%}
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
        cast(case when touch_position = {{ single_touch[model_name] }} then 1 else 0 end as {{ double }})
    {%- elif model_name == 'linear' -%}
        cast(1 as {{ double }}) / touch_count
    {%- elif model_name in positional -%}
        {{ attribution_position_weight('touch_position', 'touch_count',
            attribution_setting(positional[model_name][0]), attribution_setting(positional[model_name][1])) }}
    {%- elif model_name in milestone -%}
        {{ attribution_milestone_weight('touch_position', milestone[model_name][0], milestone[model_name][1]) }}
    {%- elif model_name == 'time_decay' -%}
        {%- set half_life_seconds = attribution_setting('attribution_half_life_days') * 86400 -%}
        {%- set decay -%}
            power(cast(2 as {{ double }}), -1 * seconds_before_latest_touch / {{ half_life_seconds }})
        {%- endset -%}
        {{ decay }} / {{ attribution_sum(decay, over='partition by ' ~ partition_by) }}
    {%- else -%}
        {{ exceptions.raise_compiler_error("Not a rule-based attribution model: " ~ model_name) }}
    {%- endif -%}
{%- endmacro %}
