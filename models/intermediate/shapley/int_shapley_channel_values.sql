{#- Exact Shapley values of the shapley model (SPEC section 5), SQL engine.
    One row per distinct channel set T of a non-empty journey (training or
    open) x channel c in T, with phi_c(T) unclipped (it can be negative).

    The game on T has the players c in T and v(S) = int_shapley_set_values'
    conversion_rate for S a subset of T (0 when S was not seen in training).
    As v is 0 off the observed sets, the classical formula reduces to a sum
    over the observed sets S with v(S) > 0 that are subsets of T (S & T = S):

        phi_c(T) = sum over S, c in S     of v(S) w(|S|, |T|)
                 - sum over S, c not in S of v(S) w(|S| + 1, |T|)

    with w(s, t) = (s - 1)! (t - s)! / t!, the weight of coalitions of size s
    that contain the player. The factorials 0! .. 62! (a bitmask holds at most
    62 channels) are computed by Jinja with exact integers and rendered as
    correctly rounded double literals (exact up to 22!). Each term is
    v(S) x numerator / t!, multiplied before it is divided, so a term whose
    exact value is dyadic (3/8 x 2 / 6 = 1/8) comes out exact; the terms, at
    most 1 in size, are then added exactly (attribution_sum), so phi does not
    depend on the order the rows are summed in.

    Cost: the join of distinct sets with observed coalitions is a nested loop
    on a bitwise predicate (distinct sets x converting sets: 4,588 x 2,157 on
    ~93,000 opportunities), and the (set, coalition) pairs it keeps are at
    most 3^(channel count), whatever the number of opportunities. -#}
{%- set max_players = 62 -%}

with

journey_sets as (

    select * from {{ ref('int_journey_channel_sets') }}

),

set_values as (

    select * from {{ ref('int_shapley_set_values') }}

),

channels as (

    select * from {{ ref('int_channels_indexed') }}

),

games as (

    select distinct
        channel_set,
        channel_count
    from journey_sets

),

players as (

    select
        games.channel_set,
        games.channel_count,
        channels.channel,
        channels.channel_bit
    from games
    inner join channels
        on {{ attribution_bitwise_and('games.channel_set', 'channels.channel_bit') }} = channels.channel_bit

),

worthy_coalitions as (

    select
        channel_set,
        channel_count,
        conversion_rate
    from set_values
    where conversion_rate > 0

),

factorials as (

    {%- set ns = namespace(factorial=1) %}
    {% for k in range(max_players + 1) -%}
        {%- if k > 0 %}{% set ns.factorial = ns.factorial * k %}{% endif %}
        select
            {{ k }} as n,
            cast({{ ns.factorial | float }} as {{ attribution_type_double() }}) as factorial_value
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

coalition_weights as (

    {#- The numerator (s - 1)! (t - s)! of w(s, t) for 1 <= s <= t <= 62,
        and its denominator t!: v(S) is multiplied by the numerator first and
        divided by t! after, so dyadic values stay exact. -#}
    select
        coalition_size.n as coalition_size,
        game_size.n as game_size,
        game_size.factorial_value as weight_denominator,
        coalition_size_less_one.factorial_value * complement_size.factorial_value as weight_numerator
    from factorials as coalition_size
    inner join factorials as game_size
        on
            coalition_size.n >= 1
            and coalition_size.n <= game_size.n
    inner join factorials as coalition_size_less_one
        on coalition_size.n - 1 = coalition_size_less_one.n
    inner join factorials as complement_size
        on game_size.n - coalition_size.n = complement_size.n

),

subgames as (

    {#- Every observed coalition S with v(S) > 0 inside every game T, with
        v(S) w for a member (c in S) and for an outsider (c in T, not in S:
        w(|S| + 1, |T|); none when S = T). -#}
    select
        games.channel_set,
        worthy_coalitions.channel_set as coalition_set,
        worthy_coalitions.conversion_rate * member_weights.weight_numerator
        / member_weights.weight_denominator as member_term,
        coalesce(
            worthy_coalitions.conversion_rate * outsider_weights.weight_numerator
            / outsider_weights.weight_denominator,
            0
        ) as outsider_term
    from games
    inner join worthy_coalitions
        on
            games.channel_count >= worthy_coalitions.channel_count
            and {{ attribution_bitwise_and('worthy_coalitions.channel_set', 'games.channel_set') }}
            = worthy_coalitions.channel_set
    inner join coalition_weights as member_weights
        on
            worthy_coalitions.channel_count = member_weights.coalition_size
            and games.channel_count = member_weights.game_size
    left join coalition_weights as outsider_weights
        on
            worthy_coalitions.channel_count + 1 = outsider_weights.coalition_size
            and games.channel_count = outsider_weights.game_size

),

player_terms as (

    {#- Each player's signed terms: + v(S) w for a coalition holding it, -
        v(S) w for one without it; a game with no worthy coalition keeps its
        players with a single 0. -#}
    select
        players.channel_set,
        players.channel_count,
        players.channel,
        case
            when subgames.coalition_set is null then 0
            when
                {{ attribution_bitwise_and('subgames.coalition_set', 'players.channel_bit') }}
                = players.channel_bit
                then subgames.member_term
            else -1 * subgames.outsider_term
        end as signed_term
    from players
    left join subgames
        on players.channel_set = subgames.channel_set

),

shapley_sums as (

    select
        channel_set,
        channel_count,
        channel,
        {{ attribution_sum('signed_term') }} as shapley_value
    from player_terms
    group by channel_set, channel_count, channel

),

final as (

    select
        cast(channel_set as {{ dbt.type_bigint() }}) as channel_set,
        cast(channel_count as {{ dbt.type_bigint() }}) as channel_count,
        cast(channel as {{ dbt.type_string() }}) as channel,
        cast(shapley_value as {{ attribution_type_double() }}) as shapley_value
    from shapley_sums

)

select * from final
