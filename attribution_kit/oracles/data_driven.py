"""Independent oracle for the data-driven attribution models (SPEC section 5).

Written from the spec (and the published definitions it names) alone, never from
the project's SQL or Python models. Everything is exact: probabilities and
Shapley values are ``fractions.Fraction``; the public helpers return floats where
the marts hold doubles.

Inputs are what SPEC section 5 trains on:

- Markov: ``paths`` is a list of ``(channels, conversions, nulls)``: a path's
  channels in journey order (consecutive repeats are collapsed here too, which
  changes nothing for an already collapsed path), how many journeys with that
  path were won and how many were lost. Paths may repeat; their counts add up.
  Empty paths are ignored (empty journeys neither train nor count).
- Shapley: ``sets`` maps each observed training channel set to
  ``(journeys, conversions, won_value)``.

Algorithms, chosen to differ from the obvious model implementations:

- P(conversion) is solved by first-step analysis: for every transient state s,
  p(s) = P(s -> conversion) + sum_t P(s -> t) p(t), a linear system solved by
  Gauss-Jordan elimination over Fractions (not by powering the transition
  matrix). Removing channel c makes every state that contains c absorb into
  (null), i.e. p(s) = 0 for those states.
- Shapley values walk every ordering of the coalition's channels and average the
  marginal contributions v(prefix + c) - v(prefix) (the permutation definition),
  not the subset-weight formula |S|!(n-|S|-1)!/n!.

Choices where the spec leaves room are marked "Choice:".
"""

from __future__ import annotations

import itertools
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

START = "(start)"
CONVERSION = "(conversion)"
NULL = "(null)"
EMPTY_JOURNEY_CHANNEL = "(unattributed)"

Path = tuple[Sequence[str], int, int]  # (channels in order, conversions, nulls)
State = tuple[str, ...]  # a channel k-gram; START is the 1-tuple (START,)
ChannelSetStats = tuple[int, int, float]  # (journeys, conversions, won_value)

# --------------------------------------------------------------------------- paths


def collapse_repeats(channels: Iterable[str]) -> list[str]:
    """The path of SPEC section 5: channels in order with consecutive repeats collapsed."""
    collapsed: list[str] = []
    for channel in channels:
        if not collapsed or collapsed[-1] != channel:
            collapsed.append(channel)
    return collapsed


def path_states(channels: Sequence[str], order: int) -> list[State]:
    """The chain states one path walks through, for a chain of the given order.

    Reading of ChannelAttribution's definition (2.2.5, `markov_model_cpp` in its
    functions.cpp, the order-k encoding under "turn to order=1"; read to learn the
    definition, nothing copied): for order k the path c1 > c2 > ... > cn becomes
    the overlapping windows (c1..ck), (c2..ck+1), ..., (cn-k+1..cn), i.e. a
    sliding window of k channels moving one channel at a time; a path shorter than
    k is a single state holding the whole path. Consecutive equal states would be
    merged, which cannot happen for a collapsed path. A state "contains" channel c
    when c is one of its channels: removing c removes every such state (its
    simulation marks all channels of a visited k-gram as visited). For k = 1 the
    states are the channels themselves.
    """
    if order < 1:
        raise ValueError("order must be at least 1")
    channels = tuple(channels)
    if len(channels) <= order:
        return [channels]
    return [channels[i : i + order] for i in range(len(channels) - order + 1)]


def transition_counts(paths: Iterable[Path], order: int = 1) -> dict[State, Counter]:
    """Edge weights of the chain: every journey adds 1 to each edge of its path.

    (start) -> first state -> ... -> last state, then last state -> (conversion)
    weighted by the path's conversions and last state -> (null) by its nulls; the
    other edges by conversions + nulls (as ChannelAttribution does with var_null).
    """
    counts: dict[State, Counter] = defaultdict(Counter)
    for channels, conversions, nulls in paths:
        collapsed = collapse_repeats(channels)
        journeys = conversions + nulls
        if not collapsed or journeys == 0:
            continue
        previous: State = (START,)
        for state in path_states(collapsed, order):
            counts[previous][state] += journeys
            previous = state
        if conversions:
            counts[previous][(CONVERSION,)] += conversions
        if nulls:
            counts[previous][(NULL,)] += nulls
    return counts


def _solve(matrix: list[list[Fraction]], rhs: list[Fraction]) -> list[Fraction]:
    """Gauss-Jordan elimination over Fractions (exact); the matrix must be non-singular."""
    n = len(rhs)
    rows = [row[:] + [value] for row, value in zip(matrix, rhs, strict=True)]
    for column in range(n):
        pivot = next(r for r in range(column, n) if rows[r][column] != 0)
        rows[column], rows[pivot] = rows[pivot], rows[column]
        pivot_value = rows[column][column]
        rows[column] = [value / pivot_value for value in rows[column]]
        for r in range(n):
            factor = rows[r][column]
            if r != column and factor != 0:
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[column], strict=True)]
    return [row[n] for row in rows]


def _first_step_solution(
    counts: Mapping[State, Counter],
    removed_channel: str | None,
    reward: Callable[[State, Counter, int], Fraction],
) -> Fraction:
    """x[(start)] of the first-step system x = reward + Q x over the transient states, Q the
    transition probabilities among them. A state containing the removed channel is an absorbing
    (null) state, so it contributes x = 0 and is left out; (conversion) and (null) are absorbing
    and enter through `reward(state, outgoing counts, total)` only."""
    if (START,) not in counts:
        return Fraction(0)
    transient = [
        state
        for state in counts
        if state == (START,) or removed_channel is None or removed_channel not in state
    ]
    index = {state: i for i, state in enumerate(transient)}
    n = len(transient)
    matrix = [[Fraction(int(i == j)) for j in range(n)] for i in range(n)]
    rhs = [Fraction(0)] * n
    for state in transient:
        i = index[state]
        outgoing = counts[state]
        total = sum(outgoing.values())
        rhs[i] = reward(state, outgoing, total)
        for target, weight in outgoing.items():
            if target in index:
                matrix[i][index[target]] -= Fraction(weight, total)
    return _solve(matrix, rhs)[index[(START,)]]


def _absorption_probability(counts: Mapping[State, Counter], removed_channel: str | None) -> Fraction:
    """P(reaching (conversion) from (start)) by first-step analysis: the reward of a state is its
    probability of converting next."""
    return _first_step_solution(
        counts, removed_channel, lambda _, outgoing, total: Fraction(outgoing.get((CONVERSION,), 0), total)
    )


def markov_channels(paths: Iterable[Path]) -> list[str]:
    """The channels of the chain: every channel of a non-empty training path, sorted."""
    return sorted(
        {channel for channels, conversions, nulls in paths if conversions + nulls > 0 for channel in channels}
    )


def markov_conversion_probability_exact(
    paths: Sequence[Path], order: int = 1, removed_channel: str | None = None
) -> Fraction:
    """P(conversion) from (start) of the chain, optionally with one channel removed."""
    return _absorption_probability(transition_counts(paths, order), removed_channel)


def markov_conversion_probability(
    paths: Sequence[Path], order: int = 1, removed_channel: str | None = None
) -> float:
    return float(markov_conversion_probability_exact(paths, order, removed_channel))


def markov_removal_effects_exact(paths: Sequence[Path], order: int = 1) -> dict[str, Fraction]:
    """RE(c) = 1 - P(conversion without c) / P(conversion), for every channel of the chain.

    Choice: with no conversion at all (P(conversion) = 0) every RE is 0.
    """
    counts = transition_counts(paths, order)
    base = _absorption_probability(counts, None)
    channels = markov_channels(paths)
    if base == 0:
        return {channel: Fraction(0) for channel in channels}
    return {channel: 1 - _absorption_probability(counts, channel) / base for channel in channels}


def markov_removal_effects(paths: Sequence[Path], order: int = 1) -> dict[str, float]:
    return {channel: float(value) for channel, value in markov_removal_effects_exact(paths, order).items()}


@dataclass(frozen=True)
class MarkovChannelRow:
    removal_effect: float
    removal_effect_share: float
    attributed_conversions: float
    attributed_value: float


def markov_channel_table(
    paths: Sequence[Path], total_won_value: float, order: int = 1
) -> dict[str, MarkovChannelRow]:
    """`rpt_markov_channel_attribution`: RE, its share, share x conversions, share x won value.

    Choice: when every RE is 0 the shares are 0.
    """
    effects = markov_removal_effects_exact(paths, order)
    total_effect = sum(effects.values(), Fraction(0))
    total_conversions = sum(conversions for channels, conversions, _ in paths if channels)
    table = {}
    for channel, effect in effects.items():
        share = effect / total_effect if total_effect else Fraction(0)
        table[channel] = MarkovChannelRow(
            removal_effect=float(effect),
            removal_effect_share=float(share),
            attributed_conversions=float(share * total_conversions),
            attributed_value=float(share) * total_won_value,
        )
    return table


# --------------------------------------------------------------------------- markov on value

# (channels, conversions, nulls, won value of the conversions)
ValuePath = tuple[Sequence[str], int, int, float]


def conversion_values(paths: Iterable[ValuePath], order: int = 1) -> dict[State, Fraction]:
    """Per last state, the won value of the conversions of the paths ending there (exact decimals)."""
    values: dict[State, Fraction] = defaultdict(Fraction)
    for channels, conversions, _, value in paths:
        collapsed = collapse_repeats(channels)
        if collapsed and conversions:
            values[path_states(collapsed, order)[-1]] += Fraction(str(value))
    return values


def _expected_value(
    counts: Mapping[State, Counter], values: Mapping[State, Fraction], removed_channel: str | None
) -> Fraction:
    """V = the expected won value from (start) by first-step analysis: a walk that converts from
    state s earns the mean won value of the conversions from s, i.e. from s the immediate reward
    is P(s -> conversion) x mean = values[s] / transitions out of s. The transient system is the
    one of _absorption_probability; only the reward differs."""
    return _first_step_solution(
        counts, removed_channel, lambda state, _, total: values.get(state, Fraction(0)) / total
    )


def markov_expected_value_exact(
    paths: Sequence[ValuePath], order: int = 1, removed_channel: str | None = None
) -> Fraction:
    """V from (start), optionally with one channel removed."""
    counts = transition_counts([(c, conv, nulls) for c, conv, nulls, _ in paths], order)
    return _expected_value(counts, conversion_values(paths, order), removed_channel)


def markov_value_removal_effects_exact(paths: Sequence[ValuePath], order: int = 1) -> dict[str, Fraction]:
    """VRE(c) = 1 - V(without c) / V: ChannelAttribution's removal_effects_conversion_value,
    solved exactly instead of simulated. Choice: with no converting value (V = 0) every VRE is 0."""
    counts = transition_counts([(c, conv, nulls) for c, conv, nulls, _ in paths], order)
    values = conversion_values(paths, order)
    base = _expected_value(counts, values, None)
    channels = markov_channels([(c, conv, nulls) for c, conv, nulls, _ in paths])
    if base == 0:
        return {channel: Fraction(0) for channel in channels}
    return {channel: 1 - _expected_value(counts, values, channel) / base for channel in channels}


@dataclass(frozen=True)
class MarkovValueRow:
    value_removal_effect: float
    value_removal_effect_share: float
    value_attributed_value: float


def markov_value_table(paths: Sequence[ValuePath], order: int = 1) -> dict[str, MarkovValueRow]:
    """The value columns of `rpt_markov_channel_attribution`: VRE, its share, share x won value
    of the training conversions (ChannelAttribution's total_conversion_value)."""
    effects = markov_value_removal_effects_exact(paths, order)
    total_effect = sum(effects.values(), Fraction(0))
    total_value = sum(
        (Fraction(str(value)) for channels, conv, _, value in paths if channels and conv), Fraction(0)
    )
    table = {}
    for channel, effect in effects.items():
        share = effect / total_effect if total_effect else Fraction(0)
        table[channel] = MarkovValueRow(float(effect), float(share), float(share * total_value))
    return table


# --------------------------------------------------------------------------- shapley


def coalition_values(sets: Mapping[frozenset[str], ChannelSetStats]) -> dict[frozenset[str], Fraction]:
    """v(S) = conversions / journeys of the journeys whose channel set is exactly S."""
    return {
        channel_set: Fraction(conversions, journeys)
        for channel_set, (journeys, conversions, _) in sets.items()
        if channel_set and journeys > 0
    }


def shapley_values(
    sets: Mapping[frozenset[str], ChannelSetStats], coalition: Iterable[str]
) -> dict[str, Fraction]:
    """The Shapley values of the game v on the coalition's channels (permutation definition).

    v(S) is the observed conversion rate of channel set S, 0 for an unseen set and
    for the empty set. Each of the n! orderings of the coalition is walked; a
    channel's value is its average marginal contribution v(prefix + c) - v(prefix).
    Marginal contributions depend only on (prefix set, channel), so the walk
    counts how often each pair occurs (exact integers) and weighs once at the end.
    """
    players = sorted(set(coalition))
    values = coalition_values(sets)
    n = len(players)
    if n == 0:
        return {}
    # v of every subset of the coalition, indexed by bitmask over `players`.
    subset_value = [
        values.get(frozenset(p for i, p in enumerate(players) if mask >> i & 1), Fraction(0))
        for mask in range(1 << n)
    ]
    occurrences: Counter = Counter()  # (prefix mask, player index) -> orderings where it occurs
    for ordering in itertools.permutations(range(n)):
        prefix = 0
        for player in ordering:
            occurrences[(prefix, player)] += 1
            prefix |= 1 << player
    totals = [Fraction(0)] * n
    for (prefix, player), count in occurrences.items():
        totals[player] += count * (subset_value[prefix | 1 << player] - subset_value[prefix])
    orderings = math.factorial(n)
    return {player: totals[i] / orderings for i, player in enumerate(players)}


@dataclass(frozen=True)
class ShapleyChannelRow:
    shapley_value: float
    attributed_conversions: float
    attributed_value: float


def shapley_channel_table(
    sets: Mapping[frozenset[str], ChannelSetStats], credited_sets: Iterable[frozenset[str]] = ()
) -> dict[str, ShapleyChannelRow]:
    """`rpt_shapley_channel_attribution` (SPEC section 5).

    attributed_conversions(c) = sum over converting training sets S containing c
    of conversions(S) x phi_c(S) / sum_k phi_k(S); attributed_value likewise with
    the won value. For a converting set sum_k phi_k(S) = v(S) > 0 (efficiency), so
    the normalisation never divides by zero.

    shapley_value(c) = sum over "all journeys' sets" S containing c of phi_c(S).
    Choice (the spec's wording, read literally): the distinct channel sets of all
    non-empty journeys, i.e. the training sets plus `credited_sets`, the sets of
    open journeys (credited, not trained: they are players' coalitions of the game
    but add nothing to v); each distinct set counts once (the sum runs over sets,
    not journeys). Unclipped: these can be negative.
    """
    shapley_value: dict[str, Fraction] = defaultdict(Fraction)
    conversions_credit: dict[str, Fraction] = defaultdict(Fraction)
    value_credit: dict[str, float] = defaultdict(float)
    every_set = {channel_set for channel_set in sets if channel_set} | {s for s in credited_sets if s}
    for channel_set in every_set:
        phi = shapley_values(sets, channel_set)
        for channel, value in phi.items():
            shapley_value[channel] += value
        _, conversions, won_value = sets.get(channel_set, (0, 0, 0.0))
        if conversions > 0:
            total = sum(phi.values(), Fraction(0))
            for channel, value in phi.items():
                share = value / total
                conversions_credit[channel] += conversions * share
                value_credit[channel] += won_value * float(share)
    return {
        channel: ShapleyChannelRow(
            shapley_value=float(shapley_value[channel]),
            attributed_conversions=float(conversions_credit[channel]),
            attributed_value=value_credit[channel],
        )
        for channel in sorted(shapley_value)
    }


# --------------------------------------------------------------------------- per-opportunity weights


def opportunity_weights(
    touches: Sequence[tuple[str, str]], channel_scores: Mapping[str, Fraction | float]
) -> list[tuple[str | None, str, float]]:
    """Weights of one opportunity's journey from per-channel scores (SPEC section 5).

    `touches` is the journey in order as (touchpoint_id, channel). Negative scores
    are clipped to 0 (only Shapley values can be negative), the scores of the
    journey's distinct channels are normalised to sum to 1, and each channel's
    share is split equally over its touches. When every score is 0 (or the channel
    is unknown to the model) the weights fall back to linear, 1/n per touch. An
    empty journey gets one row with no touchpoint, channel `(unattributed)` and
    weight 1. Returns (touchpoint_id, channel, weight) in journey order.
    """
    if not touches:
        return [(None, EMPTY_JOURNEY_CHANNEL, 1.0)]
    touch_counts = Counter(channel for _, channel in touches)
    scores = {channel: max(Fraction(channel_scores.get(channel, 0)), Fraction(0)) for channel in touch_counts}
    total = sum(scores.values(), Fraction(0))
    if total == 0:
        return [(touchpoint_id, channel, 1.0 / len(touches)) for touchpoint_id, channel in touches]
    return [
        (touchpoint_id, channel, float(scores[channel] / total / touch_counts[channel]))
        for touchpoint_id, channel in touches
    ]


def markov_opportunity_weights(
    touches: Sequence[tuple[str, str]], removal_effects: Mapping[str, Fraction | float]
) -> list[tuple[str | None, str, float]]:
    """Markov weights: RE normalised over the journey's distinct channels (a channel the
    chain never saw, e.g. only in open journeys, has RE 0)."""
    return opportunity_weights(touches, removal_effects)


def shapley_opportunity_weights(
    touches: Sequence[tuple[str, str]], sets: Mapping[frozenset[str], ChannelSetStats]
) -> list[tuple[str | None, str, float]]:
    """Shapley weights: the game on the journey's own channel set T, trained on `sets`
    (T need not be a training set: an open journey's set may be unseen)."""
    coalition = {channel for _, channel in touches}
    return opportunity_weights(touches, shapley_values(sets, coalition))
