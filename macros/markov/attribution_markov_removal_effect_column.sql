{#- The removal-effect column of int_markov_removal_effects(_py) that drives
    the per-deal markov weights (var attribution_markov_removal_basis):
    removal_effect (on conversions, the default) or value_removal_effect (on
    won value, ChannelAttribution's removal_effects_conversion_value). -#}
{% macro attribution_markov_removal_effect_column() -%}
    {{ return('value_removal_effect' if attribution_setting('attribution_markov_removal_basis') == 'value'
        else 'removal_effect') }}
{%- endmacro %}
