{#- Final validation step shared by every staging base model.
    `relation` has `row_rejection_reason` (the first failed row check, or null)
    and `raw_row`. Adds `rejection_reason`:
      - the row's own reason when it failed a check;
      - `duplicate_row` for the second and later identical copies of a row
        (identical in every contract column, so which copy is kept is immaterial);
      - `duplicate_<key>` for every valid row whose key is shared by another,
        different valid row: the input is ambiguous, so no copy is guessed at.
    Null means the row is accepted. -#}
{% macro attribution_flag_rejections(relation, key_columns, key_name) -%}
    select
        *,
        case
            when row_rejection_reason is not null then row_rejection_reason
            when copy_number > 1 then 'duplicate_row'
            {%- if key_name %}
            when valid_key_copies > 1 then 'duplicate_{{ key_name }}'
            {%- endif %}
        end as rejection_reason
    from (
        select
            *,
            sum(case when row_rejection_reason is null and copy_number = 1 then 1 else 0 end)
                over (partition by {{ key_columns | join(', ') }}) as valid_key_copies
        from (
            select
                *,
                row_number() over (partition by raw_row order by raw_row) as copy_number
            from {{ relation }}
        ) as numbered
    ) as counted
{%- endmacro %}


{#- A rejected row's raw text, null on an accepted row. The base models of
    large tables keep `source_key` and `raw_row` only where the rejected-rows
    list reads them: on 1M touches the text of every accepted row is most of
    the table written, and no model reads it. -#}
{% macro attribution_kept_if_rejected(column) -%}
    case when rejection_reason is not null then {{ column }} end
{%- endmacro %}
