{#- Fails for every group whose weights leave [0, 1] or do not sum to 1 (to 1e-9).
    `weight_column` checks one column of a long table. A wide table (one
    weight column per attribution model) gives `attribution_models` and
    `weight_column_prefix` instead: the columns <prefix><model> are checked in
    one grouped query, and a failing row names the first failing column. -#}
{% test attribution_weights_sum_to_one(model, group_by, weight_column=none, attribution_models=none,
    weight_column_prefix='weight_') %}
{%- set columns = [] -%}
{%- if attribution_models is not none -%}
    {%- for model_name in attribution_models -%}{%- do columns.append(weight_column_prefix ~ model_name) -%}{%- endfor -%}
{%- else -%}
    {%- do columns.append(weight_column) -%}
{%- endif -%}
{%- set failing -%}
    {%- for column in columns %}
        when
            abs(sum({{ column }}) - 1) > 1e-9
            or min({{ column }}) < 0
            or max({{ column }}) > 1 + 1e-12
            or count({{ column }}) <> count(*)
            then '{{ column }}'
    {%- endfor %}
{%- endset %}

select
    {{ group_by | join(', ') }},
    case {{ failing }} end as failing_column
from {{ model }}
group by {{ group_by | join(', ') }}
having case {{ failing }} end is not null

{% endtest %}
