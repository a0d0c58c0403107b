{#- The join condition of a stored row (alias stored_rows, in {{ this }}) to
    the current row `current` with the same `key` and the same value in every
    one of `columns` (nulls equal). An incremental build that recomputes a
    cheap model in full but writes only what changed keeps the current rows
    with no match: `left join {{ this }} as stored_rows on <this> where
    stored_rows.<key> is null`. -#}
{% macro attribution_stored_row_matches(current, key, columns) -%}
    {{ current }}.{{ key }} = stored_rows.{{ key }}
    {%- for column in columns if column != key %}
            and {{ current }}.{{ column }} is not distinct from stored_rows.{{ column }}
    {%- endfor -%}
{%- endmacro %}
