{#- Two relations hold the same rows: every key of one is in the other, and
    every value column agrees within `tolerance` (absolute; null agrees only
    with null). Configured on the Python engines' models (the model tested)
    against their SQL engine (`compare_to`). `when_settings` ({var: value}):
    the test returns no row unless every one of those settings has that value
    (the Markov engines agree only at order 1). Returns one row per key that
    differs, with both sides' values. -#}
{% test attribution_relations_agree(model, compare_to, key_columns, value_columns, tolerance=1e-9, when_settings=none) %}
{%- set skipped = [] -%}
{%- for name, value in (when_settings or {}).items() -%}
    {%- if attribution_setting(name) | string != value | string -%}{%- do skipped.append(name) -%}{%- endif -%}
{%- endfor %}

with

model_rows as (

    select
        {%- for column in key_columns + value_columns %}
        {{ column }},
        {%- endfor %}
        1 as is_present
    from {{ model }}

),

compared_rows as (

    select
        {%- for column in key_columns + value_columns %}
        {{ column }},
        {%- endfor %}
        1 as is_present
    from {{ compare_to }}

),

joined as (

    select
        {%- for column in key_columns %}
        coalesce(model_rows.{{ column }}, compared_rows.{{ column }}) as {{ column }},
        {%- endfor %}
        {%- for column in value_columns %}
        model_rows.{{ column }} as {{ column }}_in_model,
        compared_rows.{{ column }} as {{ column }}_compared,
        {%- endfor %}
        model_rows.is_present as in_model,
        compared_rows.is_present as in_compared
    from model_rows
    full outer join compared_rows
        on
        {%- for column in key_columns %}
            {{ 'and ' if not loop.first }}model_rows.{{ column }} = compared_rows.{{ column }}
        {%- endfor %}

)

select * from joined
where
    (
        in_model is null
        or in_compared is null
        {%- for column in value_columns %}
        or ({{ column }}_in_model is null) <> ({{ column }}_compared is null)
        or abs({{ column }}_in_model - {{ column }}_compared) > {{ tolerance }}
        {%- endfor %}
    )
    {%- if skipped %}
    and 1 = 0  -- not applicable: {{ skipped | join(', ') }}
    {%- endif %}

{% endtest %}
