{#- Milestone-model weight (u_shaped, w_shaped, full_path; SPEC section 4).
    `milestones` is a list of (position column, share): the column holds the
    journey position of the milestone, null when it is missing.
      - A present milestone's touch gets its share, scaled up so the present
        milestones also carry the shares of the missing ones (in proportion).
      - L = the latest position holding a present milestone. The middle share
        is split equally over the non-milestone touches at positions 1..L;
        when there are none, equally over the present milestones (a touch
        holding two milestones gets two portions).
      - Touches after L get 0; a touch holding several milestones gets the sum.
    Shares are numbers known at compile time.
    With `credited` (a boolean column: the touch is on the path that the
    path transforms left, attribution_path_transform_ctes), the milestone
    touches keep their shares whether credited or not, and the middle touches
    are the credited non-milestone touches at positions 1..L: their count is
    a window over `partition_by` (the journey). -#}
{% macro attribution_milestone_weight(position, milestones, middle_share, credited=none, partition_by='opportunity_id') -%}
    {%- set shares = [] -%}
    {%- for column, share in milestones -%}{%- do shares.append(share) -%}{%- endfor -%}
    {%- set total_share = (shares | sum) | round(12) -%}
    {%- set middle_share = middle_share | round(12) -%}
    {%- set double = attribution_type_double() -%}
    {%- if (total_share + middle_share - 1) | abs > 1e-12 -%}
        {{ exceptions.raise_compiler_error(
            "Milestone shares plus the middle share must sum to 1, got " ~ (total_share + middle_share)) }}
    {%- endif -%}
    {%- set present_count -%}
        ({% for column, share in milestones %}case when {{ column }} is not null then 1 else 0 end{{ " + " if not loop.last }}{% endfor %})
    {%- endset -%}
    {%- set present_share -%}
        ({% for column, share in milestones %}case when {{ column }} is not null then cast({{ share }} as {{ double }}) else 0 end{{ " + " if not loop.last }}{% endfor %})
    {%- endset -%}
    {#- Positions 1..L hold L touches; the distinct milestone positions among them are not middle touches. -#}
    {%- set last_milestone -%}
        greatest({% for column, share in milestones %}coalesce({{ column }}, 0){{ ", " if not loop.last }}{% endfor %})
    {%- endset -%}
    {%- set distinct_positions -%}
        ({% for column, share in milestones %}
            {%- set earlier = milestones[:loop.index0] -%}
            case when {{ column }} is not null
                {%- for other, other_share in earlier %} and {{ column }} <> coalesce({{ other }}, -1){% endfor %}
                then 1 else 0 end{{ " + " if not loop.last }}
        {%- endfor %})
    {%- endset -%}
    {%- set is_milestone -%}
        ({% for column, share in milestones %}{{ position }} = coalesce({{ column }}, -1){{ " or " if not loop.last }}{% endfor %})
    {%- endset -%}
    {%- if credited is none -%}
        {%- set middle_count -%}({{ last_milestone }} - {{ distinct_positions }}){%- endset -%}
        {%- set is_middle -%}{{ position }} <= {{ last_milestone }} and not {{ is_milestone }}{%- endset -%}
    {%- else -%}
        {%- set is_middle -%}{{ credited }} and {{ position }} <= {{ last_milestone }} and not {{ is_milestone }}{%- endset -%}
        {%- set middle_count -%}
            sum(case when {{ is_middle }} then 1 else 0 end) over (partition by {{ partition_by }})
        {%- endset -%}
    {%- endif -%}
    cast(
        {% for column, share in milestones -%}
        case
            when {{ position }} = {{ column }}
                {#- Present milestones carry the missing ones' shares; exactly the share when none is missing. #}
                then case
                    when {{ present_count }} = {{ milestones | length }} then cast({{ share }} as {{ double }})
                    else cast({{ share }} as {{ double }}) / {{ present_share }} * cast({{ total_share }} as {{ double }})
                end
                    + case
                        when {{ middle_count }} = 0 then cast({{ middle_share }} as {{ double }}) / {{ present_count }}
                        else 0
                    end
            else 0
        end
        + {% endfor -%}
        case
            when {{ middle_count }} > 0 and {{ is_middle }}
                then cast({{ middle_share }} as {{ double }}) / {{ middle_count }}
            else 0
        end
        as {{ attribution_type_double() }}
    )
{%- endmacro %}
