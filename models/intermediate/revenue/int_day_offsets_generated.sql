{#- Integers 0..99999, one row each: day offsets to spread a campaign's cost
    over its days, in portable SQL (no engine-specific series function). -#}
with

digits as (

    {% for digit in range(10) %}
        select {{ digit }} as digit{% if not loop.last %}
            union all{% endif %}
    {% endfor %}

),

final as (

    select
        ones.digit
        + 10 * tens.digit
        + 100 * hundreds.digit
        + 1000 * thousands.digit
        + 10000 * ten_thousands.digit as day_offset
    from digits as ones
    cross join digits as tens
    cross join digits as hundreds
    cross join digits as thousands
    cross join digits as ten_thousands

)

select * from final
