{#- Fails for every group whose weights leave [0, 1] or do not sum to 1 (to 1e-9). -#}
{% test attribution_weights_sum_to_one(model, group_by, weight_column) %}

select
    {{ group_by | join(', ') }},
    sum({{ weight_column }}) as weight_sum,
    min({{ weight_column }}) as min_weight,
    max({{ weight_column }}) as max_weight
from {{ model }}
group by {{ group_by | join(', ') }}
having
    abs(sum({{ weight_column }}) - 1) > 1e-9
    or min({{ weight_column }}) < 0
    or max({{ weight_column }}) > 1 + 1e-12
    or count({{ weight_column }}) <> count(*)

{% endtest %}
