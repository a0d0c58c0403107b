{#- Select list of every contract column of a raw table as text, in contract
    order. An optional column the input lacks is selected as null, so staging
    reads one shape whatever the input has. Extra input columns are ignored. -#}
{% macro attribution_raw_columns(table) -%}
    {%- set spec = attribution_input_contract()[table] -%}
    {%- set relation = attribution_input_relation(table) -%}
    {%- set present = [] -%}
    {%- if execute -%}
        {%- for column in adapter.get_columns_in_relation(relation) -%}
            {%- do present.append(column.name | lower) -%}
        {%- endfor -%}
    {%- endif -%}
    {%- for column in spec['required'] + spec['optional'] -%}
        {%- if not present or column in present %}
        cast({{ adapter.quote(column) }} as {{ dbt.type_string() }}) as {{ column }}
        {%- else %}
        cast(null as {{ dbt.type_string() }}) as {{ column }}
        {%- endif -%}
        {{- "," if not loop.last }}
    {%- endfor -%}
{%- endmacro %}


{#- The raw row as readable text (`column=value | ...`), kept with rejected rows. -#}
{% macro attribution_raw_row_text(table) -%}
    {%- set spec = attribution_input_contract()[table] -%}
    {%- set parts = [] -%}
    {%- for column in spec['required'] + spec['optional'] -%}
        {%- do parts.append("'" ~ column ~ "='") -%}
        {%- do parts.append("coalesce(" ~ column ~ ", '')") -%}
        {%- if not loop.last -%}{%- do parts.append("' | '") -%}{%- endif -%}
    {%- endfor -%}
    {{ dbt.concat(parts) }}
{%- endmacro %}


{#- The key of a raw row as text, for rejected-rows entries. -#}
{% macro attribution_raw_key_text(table) -%}
    {%- set key = attribution_input_contract()[table]['key'] -%}
    {%- if key | length == 1 -%}
        {{ key[0] }}
    {%- else -%}
        {%- set parts = [] -%}
        {%- for column in key -%}
            {%- do parts.append("coalesce(" ~ column ~ ", '')") -%}
            {%- if not loop.last -%}{%- do parts.append("'|'") -%}{%- endif -%}
        {%- endfor -%}
        {{ dbt.concat(parts) }}
    {%- endif -%}
{%- endmacro %}
