{#- One row per attributed opportunity: a fingerprint of everything its
    journey in int_journey_touchpoints_ordered is built from, so an
    incremental build rewrites only the journeys whose fingerprint changed
    (docs/incremental_builds.md). Two parts, both additive (row count, sum of
    the low and of the high 31-bit parts of a 64-bit row hash, macro
    attribution_row_hash_parts):
      - the touches inside its window [journey_start_at, journey_end_at] of
        the scope it draws from: its account's resolved touches (scope
        account), or its scoped contacts' touches and its account's
        account-level touches (scope contact_roles), each with every column
        the journey stores;
      - its own row: the columns the journey reads from it.
    The touches of a window are counted from running sums: each scope's
    touches and the opportunity's two window edges in time order (a start
    edge sorts before a touch at the same instant, an end edge after it, as
    the window includes both ends), the window's sums being the running sums
    at its end edge minus those at its start edge. One pass over the
    touches, whatever the number of opportunities.
    An open opportunity's journey end is the as-of time, which moves with
    every new event, but no resolved touch is later than it, so its window's
    touches (and this fingerprint) change only when its touches do. The
    journey scope is part of the opportunity's row, so changing the var
    rewrites every journey. -#}
{%- set scope = attribution_setting('attribution_journey_scope') -%}
{%- set touch_hash = attribution_row_hash_parts([
    'touchpoint_id', 'occurred_at', 'contact_id', 'is_account_level', 'touchpoint_type', 'channel',
    'channel_group', 'team', 'campaign_id', 'has_unknown_campaign',
]) -%}
{%- set opportunity_hash = attribution_row_hash_parts([
    'opportunity_id', 'account_id', "'" ~ scope ~ "'", 'journey_start_at', 'created_at', 'lead_created_at',
    'closed_at', 'is_won',
]) -%}

with

opportunities as (

    select * from {{ ref('int_opportunities_prepared') }}
    where is_attributed

),

touchpoints as (

    select * from {{ ref('int_touchpoints_resolved') }}
    where not is_unresolved

),

{% if scope == 'account' -%}
    opportunity_scopes as (

        select
            opportunity_id,
            account_id as scope_key,
            journey_start_at,
            journey_end_at
        from opportunities

    ),

    scoped_touches as (

        select
            *,
            account_id as scope_key
        from touchpoints
        where account_id is not null

    ),
{%- else -%}
scope_contacts as (

    select distinct
        opportunity_id,
        contact_id
    from {{ ref('int_opportunity_contacts_scoped') }}

),

opportunity_scopes as (

    select
        opportunities.opportunity_id,
        {{ dbt.concat(["'contact:'", 'scope_contacts.contact_id']) }} as scope_key,
        opportunities.journey_start_at,
        opportunities.journey_end_at
    from opportunities
    inner join scope_contacts
        on opportunities.opportunity_id = scope_contacts.opportunity_id

    union all

    select
        opportunity_id,
        {{ dbt.concat(["'account:'", 'account_id']) }} as scope_key,
        journey_start_at,
        journey_end_at
    from opportunities

),

scoped_touches as (

    select
        *,
        {{ dbt.concat(["'contact:'", 'contact_id']) }} as scope_key
    from touchpoints
    where contact_id is not null

    union all

    select
        *,
        {{ dbt.concat(["'account:'", 'account_id']) }} as scope_key
    from touchpoints
    where is_account_level

),
{%- endif %}

events as (

    select
        scope_key,
        occurred_at as event_at,
        1 as event_order,
        cast(null as {{ dbt.type_string() }}) as opportunity_id,
        1 as touch_count,
        {{ touch_hash[0] }} as hash_low,
        {{ touch_hash[1] }} as hash_high
    from scoped_touches

    union all

    select
        scope_key,
        journey_start_at as event_at,
        0 as event_order,
        opportunity_id,
        0 as touch_count,
        0 as hash_low,
        0 as hash_high
    from opportunity_scopes

    union all

    select
        scope_key,
        journey_end_at as event_at,
        2 as event_order,
        opportunity_id,
        0 as touch_count,
        0 as hash_low,
        0 as hash_high
    from opportunity_scopes

),

running as (

    {#- Rows with the same (event_at, event_order) as an edge are other
        edges, which add 0: the running sums at an edge do not depend on
        how ties are ordered. -#}
    select
        opportunity_id,
        event_order,
        sum(touch_count) over (
            partition by scope_key order by event_at, event_order rows between unbounded preceding and current row
        ) as running_count,
        sum(hash_low) over (
            partition by scope_key order by event_at, event_order rows between unbounded preceding and current row
        ) as running_low,
        sum(hash_high) over (
            partition by scope_key order by event_at, event_order rows between unbounded preceding and current row
        ) as running_high
    from events

),

window_touches as (

    select
        opportunity_id,
        sum(case when event_order = 2 then running_count else -running_count end) as touch_count,
        sum(case when event_order = 2 then running_low else -running_low end) as hash_low,
        sum(case when event_order = 2 then running_high else -running_high end) as hash_high
    from running
    where opportunity_id is not null
    group by opportunity_id

),

opportunity_rows as (

    select
        opportunity_id,
        account_id,
        {{ opportunity_hash[0] }} as hash_low,
        {{ opportunity_hash[1] }} as hash_high
    from opportunities

),

final as (

    select
        opportunity_rows.opportunity_id,
        opportunity_rows.account_id,
        cast(coalesce(window_touches.touch_count, 0) as {{ dbt.type_bigint() }}) as window_touch_count,
        {{ dbt.concat([
            'cast(coalesce(window_touches.touch_count, 0) as ' ~ dbt.type_string() ~ ')',
            "':'",
            'cast(coalesce(window_touches.hash_low, 0) + opportunity_rows.hash_low as ' ~ dbt.type_string() ~ ')',
            "':'",
            'cast(coalesce(window_touches.hash_high, 0) + opportunity_rows.hash_high as ' ~ dbt.type_string() ~ ')',
        ]) }} as journey_fingerprint
    from opportunity_rows
    left join window_touches
        on opportunity_rows.opportunity_id = window_touches.opportunity_id

)

select * from final
