{#- Two 31-bit parts of a 64-bit hash of a row's `columns` (a list of
    expressions), as a list of two integer expressions in [0, 2^31): the
    terms of the fingerprints in int_journeys_fingerprinted. Each part is
    added over rows as a bigint (a sum of 2^32 rows still fits), so a
    fingerprint (row count, sum of low parts, sum of high parts) is the same
    whatever the row order, and additive: the fingerprint of two disjoint
    sets of rows is the sum of theirs. The hash is the engine's own (DuckDB
    hash(), a 64-bit ubigint; Spark xxhash64(), a signed bigint), so a
    fingerprint is only ever compared with one the same engine computed.
    Collision risk: a changed set of rows keeps its fingerprint only when the
    count and both sums come out equal, about 2^-62 per changed set for a
    well-mixed hash (docs/incremental_builds.md). Spark's hashes skip null
    arguments, so there a value moving between two nullable columns of the
    same row is not seen; DuckDB hashes a null as a value. -#}
{% macro attribution_row_hash_parts(columns) -%}
    {{ return(adapter.dispatch('attribution_row_hash_parts', 'attribution')(columns)) }}
{%- endmacro %}

{% macro default__attribution_row_hash_parts(columns) -%}
    {%- set hashed = 'hash(' ~ (columns | join(', ')) ~ ')' -%}
    {{ return([
        'cast(mod(mod(' ~ hashed ~ ', 2147483648) + 2147483648, 2147483648) as bigint)',
        'cast(mod(mod(cast(floor(' ~ hashed ~ ' / 2147483648.0) as bigint), 2147483648) + 2147483648, 2147483648) as bigint)'
    ]) }}
{%- endmacro %}

{% macro duckdb__attribution_row_hash_parts(columns) -%}
    {%- set hashed = 'hash(' ~ (columns | join(', ')) ~ ')' -%}
    {{ return([
        'cast(' ~ hashed ~ ' % 2147483648 as bigint)',
        'cast((' ~ hashed ~ ' // 2147483648) % 2147483648 as bigint)'
    ]) }}
{%- endmacro %}

{% macro spark__attribution_row_hash_parts(columns) -%}
    {%- set hashed = 'xxhash64(' ~ (columns | join(', ')) ~ ')' -%}
    {{ return([
        'cast(pmod(' ~ hashed ~ ', 2147483648) as bigint)',
        'cast(pmod(' ~ hashed ~ ' div 2147483648, 2147483648) as bigint)'
    ]) }}
{%- endmacro %}
