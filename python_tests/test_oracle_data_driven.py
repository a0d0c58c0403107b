"""Tests of the data-driven oracle (attribution_kit/oracles/data_driven.py) itself.

Three kinds of evidence, none of them read from the project's models:
- published worked examples (Bryl's and Puzyrov's paths), and numbers derived by
  hand on them, with the derivation in the comment;
- invariants that hold for every path set, checked with hypothesis;
- peer packages as oracles (test-only dependencies, see requirements-test.txt):
  ChannelAttribution (GPL-3, Monte Carlo removal effects, compared within its
  simulation error) and marketing-attribution-models (Shapley channel values,
  compared exactly). Each peer test is skipped with the reason when the package
  is not installed.
"""

from __future__ import annotations

import contextlib
import io
import itertools
import math
from fractions import Fraction
from importlib import metadata
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from attribution_kit.oracles.data_driven import (
    EMPTY_JOURNEY_CHANNEL,
    coalition_values,
    collapse_repeats,
    markov_channel_table,
    markov_conversion_probability_exact,
    markov_opportunity_weights,
    markov_removal_effects,
    markov_removal_effects_exact,
    path_states,
    shapley_channel_table,
    shapley_opportunity_weights,
    shapley_values,
    transition_counts,
)

CHANNELS = ("a", "b", "c", "d", "e")

# --------------------------------------------------------------------------- published examples

# Sergey Bryl', "Marketing Multi-Channel Attribution model with R (part 1: Markov
# chains concept)", analyzecore.com, 2016-08-03: three journeys C1 > C2 > C3
# (purchase), C1 (no purchase), C2 > C3 (no purchase). Published: P(conversion)
# = 1/3; removal effects C1 0.5, C2 1, C3 1; shares of the total removal effect
# 0.2 / 0.4 / 0.4.
BRYL_PATHS = [(["C1", "C2", "C3"], 1, 0), (["C1"], 0, 1), (["C2", "C3"], 0, 1)]

# Serhii Puzyrov, "Markov Chain Attribution - Simple Explanation Of Removal
# Effect", serhiipuzyrov.com, 2019-07: google ads (2 conversions), mailing (1),
# google ads > mailing (1), google ads (0, one null path). Published there for the
# MARKOV model (not Shapley): P(conversion) = 0.8, removal effects google ads 0.75
# and mailing 0.5, attributed conversions 4 x 0.75 / 1.25 = 2.4 and 4 x 0.5 /
# 1.25 = 1.6.
PUZYROV_PATHS = [(["google ads"], 2, 1), (["mailing"], 1, 0), (["google ads", "mailing"], 1, 0)]
# The same journeys as channel sets (journeys, conversions, won value = 1 per conversion).
PUZYROV_SETS = {
    frozenset({"google ads"}): (3, 2, 2.0),
    frozenset({"mailing"}): (1, 1, 1.0),
    frozenset({"google ads", "mailing"}): (1, 1, 1.0),
}


def test_bryl_markov_removal_effects() -> None:
    assert markov_conversion_probability_exact(BRYL_PATHS) == Fraction(1, 3)
    assert markov_removal_effects_exact(BRYL_PATHS) == {"C1": Fraction(1, 2), "C2": 1, "C3": 1}
    table = markov_channel_table(BRYL_PATHS, total_won_value=1000.0)
    assert {c: row.removal_effect_share for c, row in table.items()} == pytest.approx(
        {"C1": 0.2, "C2": 0.4, "C3": 0.4}, abs=1e-15
    )
    # One conversion in total: conversions credited = the shares; value = share x 1000.
    assert {c: row.attributed_conversions for c, row in table.items()} == pytest.approx(
        {"C1": 0.2, "C2": 0.4, "C3": 0.4}, abs=1e-15
    )
    assert {c: row.attributed_value for c, row in table.items()} == pytest.approx(
        {"C1": 200.0, "C2": 400.0, "C3": 400.0}, abs=1e-9
    )


def test_puzyrov_markov_attributed_conversions() -> None:
    assert markov_conversion_probability_exact(PUZYROV_PATHS) == Fraction(4, 5)
    assert markov_removal_effects_exact(PUZYROV_PATHS) == {
        "google ads": Fraction(3, 4),
        "mailing": Fraction(1, 2),
    }
    table = markov_channel_table(PUZYROV_PATHS, total_won_value=4.0)
    assert table["google ads"].attributed_conversions == pytest.approx(2.4, abs=1e-15)
    assert table["mailing"].attributed_conversions == pytest.approx(1.6, abs=1e-15)


def test_puzyrov_paths_shapley_by_hand() -> None:
    # Not a published figure: derived here. v({g}) = 2/3, v({m}) = 1, v({g, m}) = 1.
    # On {g, m}: phi_g = (v(g) + v(gm) - v(m)) / 2 = 1/3, phi_m = (v(m) + v(gm) - v(g)) / 2 = 2/3.
    # Attributed conversions: g = 2 (set {g}) + 1 x 1/3 = 7/3; m = 1 + 1 x 2/3 = 5/3
    # (marketing-attribution-models 2.1.1 with max_size=None reports the same).
    # shapley_value: g = 2/3 + 1/3 = 1, m = 1 + 2/3 = 5/3.
    assert shapley_values(PUZYROV_SETS, {"google ads", "mailing"}) == {
        "google ads": Fraction(1, 3),
        "mailing": Fraction(2, 3),
    }
    table = shapley_channel_table(PUZYROV_SETS)
    assert table["google ads"].attributed_conversions == pytest.approx(7 / 3, abs=1e-15)
    assert table["mailing"].attributed_conversions == pytest.approx(5 / 3, abs=1e-15)
    assert table["google ads"].shapley_value == pytest.approx(1.0, abs=1e-15)
    assert table["mailing"].shapley_value == pytest.approx(5 / 3, abs=1e-15)
    # An open journey's set {mailing, webinar} counts in shapley_value (SPEC: "all
    # journeys' sets") but trains nothing: v(mailing) = 1, v(webinar) = 0 and
    # v(mailing, webinar) = 0 (unseen in training), so phi_mailing = (1 + 0 - 0) / 2
    # = 1/2 and phi_webinar = (0 + 0 - 1) / 2 = -1/2.
    table = shapley_channel_table(PUZYROV_SETS, credited_sets=[frozenset({"mailing", "webinar"})])
    assert table["mailing"].shapley_value == pytest.approx(5 / 3 + 1 / 2, abs=1e-15)
    assert table["webinar"].shapley_value == pytest.approx(-1 / 2, abs=1e-15)
    assert table["webinar"].attributed_conversions == 0
    assert table["mailing"].attributed_conversions == pytest.approx(5 / 3, abs=1e-15)


def test_textbook_three_player_game() -> None:
    # v(1) = v(2) = v(3) = 0, v(12) = v(13) = 1/2, v(23) = 0, v(123) = 1: player 1 is
    # in every winning pair. By hand over the 6 orderings: phi_1 = (0 + 0 + 1/2 + 1/2
    # + 1 + 1) / 6 = 1/2, phi_2 = phi_3 = 1/4.
    sets = {
        frozenset("1"): (1, 0, 0.0),
        frozenset("12"): (2, 1, 1.0),
        frozenset("13"): (2, 1, 1.0),
        frozenset("123"): (1, 1, 1.0),
    }
    assert shapley_values(sets, "123") == {"1": Fraction(1, 2), "2": Fraction(1, 4), "3": Fraction(1, 4)}


def test_order_k_states_follow_channelattribution() -> None:
    assert path_states(["a", "b", "c", "d"], 1) == [("a",), ("b",), ("c",), ("d",)]
    assert path_states(["a", "b", "c", "d"], 2) == [("a", "b"), ("b", "c"), ("c", "d")]
    assert path_states(["a", "b", "c", "d"], 3) == [("a", "b", "c"), ("b", "c", "d")]
    assert path_states(["a", "b"], 3) == [("a", "b")]
    assert collapse_repeats(["a", "a", "b", "a", "a"]) == ["a", "b", "a"]


def test_opportunity_weights_examples() -> None:
    effects = markov_removal_effects_exact(BRYL_PATHS)  # C1 1/2, C2 1, C3 1
    # C1 twice, C2 once, a channel X the chain never saw (RE 0): the journey's REs
    # 1/2, 1, 0 normalise to 1/3, 2/3, 0; C1's third is split over its two touches.
    touches = [("t1", "C1"), ("t2", "C2"), ("t3", "C1"), ("t4", "X")]
    weights = markov_opportunity_weights(touches, effects)
    assert [(t, c) for t, c, _ in weights] == touches
    assert [w for _, _, w in weights] == pytest.approx([1 / 6, 2 / 3, 1 / 6, 0.0], abs=1e-15)
    # Every score zero: linear.
    assert markov_opportunity_weights([("t1", "X"), ("t2", "Y")], effects) == [
        ("t1", "X", 0.5),
        ("t2", "Y", 0.5),
    ]
    assert markov_opportunity_weights([], effects) == [(None, EMPTY_JOURNEY_CHANNEL, 1.0)]
    # Shapley: negative values are clipped. v(a) = 1, v(b) = 0, v(ab) = 1/2:
    # phi_a = (1 + 1/2) / 2 = 3/4, phi_b = (0 - 1/2) / 2 = -1/4 -> weights a 1, b 0.
    sets = {frozenset("a"): (1, 1, 1.0), frozenset("b"): (1, 0, 0.0), frozenset("ab"): (2, 1, 1.0)}
    assert shapley_values(sets, "ab") == {"a": Fraction(3, 4), "b": Fraction(-1, 4)}
    assert shapley_opportunity_weights([("t1", "b"), ("t2", "a")], sets) == [
        ("t1", "b", 0.0),
        ("t2", "a", 1.0),
    ]
    # The channel table keeps the unclipped value.
    assert shapley_channel_table(sets)["b"].shapley_value == pytest.approx(-0.25)


# --------------------------------------------------------------------------- strategies


@st.composite
def path_sets(draw, max_paths: int = 10, max_length: int = 5) -> list[tuple[list[str], int, int]]:
    """Random training paths (collapsed) over CHANNELS, each with at least one journey."""
    count = draw(st.integers(1, max_paths))
    paths = []
    for _ in range(count):
        channels = collapse_repeats(
            draw(st.lists(st.sampled_from(CHANNELS), min_size=1, max_size=max_length))
        )
        conversions = draw(st.integers(0, 3))
        nulls = draw(st.integers(0 if conversions else 1, 3))
        paths.append((channels, conversions, nulls))
    return paths


@st.composite
def games(draw, players: str = "abcde") -> dict[frozenset[str], tuple[int, int, float]]:
    """Random observed channel sets over `players` (some subsets unseen)."""
    sets = {}
    for size in range(1, len(players) + 1):
        for subset in itertools.combinations(players, size):
            if draw(st.booleans()):
                journeys = draw(st.integers(1, 6))
                conversions = draw(st.integers(0, journeys))
                sets[frozenset(subset)] = (journeys, conversions, 1000.0 * conversions + 0.25 * journeys)
    return sets


def _subset_formula(sets, coalition) -> dict[str, Fraction]:
    """The other textbook form: sum over S of |S|!(n-|S|-1)!/n! (v(S+i) - v(S))."""
    values = coalition_values(sets)
    players = sorted(set(coalition))
    n = len(players)
    result = {}
    for player in players:
        others = [p for p in players if p != player]
        total = Fraction(0)
        for size in range(n):
            for subset in itertools.combinations(others, size):
                s = frozenset(subset)
                marginal = values.get(s | {player}, Fraction(0)) - values.get(s, Fraction(0))
                total += (
                    Fraction(math.factorial(size) * math.factorial(n - size - 1), math.factorial(n))
                    * marginal
                )
        result[player] = total
    return result


HYPOTHESIS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# --------------------------------------------------------------------------- markov invariants


@HYPOTHESIS
@given(paths=path_sets(), order=st.integers(1, 4))
def test_conversion_probability_is_the_conversion_rate(paths, order) -> None:
    # Flow conservation: every state is left as often as it is entered, so the
    # expected visits of the fitted chain equal the observed ones, and P(conversion)
    # from (start) is conversions / journeys, for any order.
    conversions = sum(c for _, c, _ in paths)
    journeys = sum(c + n for _, c, n in paths)
    assert markov_conversion_probability_exact(paths, order) == Fraction(conversions, journeys)


@HYPOTHESIS
@given(paths=path_sets(), extra=st.integers(0, 2))
def test_full_memory_removal_effect_is_share_of_conversions_containing_channel(paths, extra) -> None:
    # With order >= the longest path every path is one state, so removing c loses
    # exactly the conversions of the paths containing c:
    # RE(c) = conversions of paths containing c / all conversions.
    conversions = sum(c for _, c, _ in paths)
    assume(conversions > 0)
    order = max(len(p) for p, _, _ in paths) + extra
    effects = markov_removal_effects_exact(paths, order)
    for channel, effect in effects.items():
        containing = sum(c for p, c, _ in paths if channel in p)
        assert effect == Fraction(containing, conversions), channel


@HYPOTHESIS
@given(paths=path_sets(), order=st.integers(1, 3))
def test_removal_effects_are_probabilities_and_tables_reconcile(paths, order) -> None:
    conversions = sum(c for _, c, _ in paths)
    effects = markov_removal_effects_exact(paths, order)
    assert all(0 <= e <= 1 for e in effects.values())
    # (A channel on every converting path can still be bypassed by the chain, which
    # mixes paths: b > a converts, a does not -> start > a > conversion has
    # probability 1/4, so RE(b) = 1/2, not 1. Only the full-memory chain above
    # keeps paths apart.)
    table = markov_channel_table(paths, total_won_value=123.45, order=order)
    if conversions:
        assert sum(row.attributed_conversions for row in table.values()) == pytest.approx(
            conversions, abs=1e-9
        )
        assert sum(row.attributed_value for row in table.values()) == pytest.approx(123.45, abs=1e-9)


@HYPOTHESIS
@given(paths=path_sets(), touches=st.lists(st.sampled_from(CHANNELS + ("z",)), min_size=1, max_size=8))
def test_markov_weights_sum_to_one(paths, touches) -> None:
    journey = [(f"t{i}", channel) for i, channel in enumerate(touches)]
    weights = markov_opportunity_weights(journey, markov_removal_effects_exact(paths))
    assert [w[0] for w in weights] == [t for t, _ in journey]
    assert all(0 <= w <= 1 for _, _, w in weights)
    assert math.fsum(w for _, _, w in weights) == pytest.approx(1.0, abs=1e-12)
    # Touches of one channel share its credit equally.
    by_channel: dict[str, set[float]] = {}
    for _, channel, weight in weights:
        by_channel.setdefault(channel, set()).add(weight)
    assert all(len(ws) == 1 for ws in by_channel.values())


# --------------------------------------------------------------------------- shapley invariants


@HYPOTHESIS
@given(sets=games(), coalition=st.sets(st.sampled_from("abcde"), min_size=1))
def test_shapley_efficiency_and_formula(sets, coalition) -> None:
    phi = shapley_values(sets, coalition)
    values = coalition_values(sets)
    # Efficiency: sum over T of phi = v(T) - v(empty) = v(T).
    assert sum(phi.values()) == values.get(frozenset(coalition), Fraction(0))
    # Same numbers as the subset-coefficient formula.
    assert phi == _subset_formula(sets, coalition)


@HYPOTHESIS
@given(sets=games("abcd"), pair=st.sampled_from([("a", "b"), ("b", "d"), ("a", "d")]))
def test_shapley_symmetry(sets, pair) -> None:
    # Make the pair interchangeable: v(S + i) = v(S + j) for every S without i, j.
    i, j = pair
    symmetric = dict(sets)
    for channel_set in list(sets):
        if i in channel_set and j not in channel_set:
            swapped = (channel_set - {i}) | {j}
            symmetric[swapped] = sets[channel_set]
        elif j in channel_set and i not in channel_set and ((channel_set - {j}) | {i}) not in sets:
            del symmetric[channel_set]
    phi = shapley_values(symmetric, "abcd")
    assert phi[i] == phi[j]


@HYPOTHESIS
@given(sets=games("abcd"))
def test_shapley_null_player(sets) -> None:
    # z adds nothing: v(S + z) = v(S) for every S ({z} alone is unseen, v = 0).
    with_z = dict(sets)
    for channel_set, stats in sets.items():
        with_z[channel_set | {"z"}] = stats
    phi = shapley_values(with_z, "abcdz")
    assert phi["z"] == 0
    assert {c: v for c, v in phi.items() if c != "z"} == shapley_values(sets, "abcd")


@HYPOTHESIS
@given(sets=games())
def test_shapley_table_reconciles(sets) -> None:
    conversions = sum(c for _, c, _ in sets.values())
    won_value = sum(v for _, c, v in sets.values() if c)
    table = shapley_channel_table(sets)
    assert sum(row.attributed_conversions for row in table.values()) == pytest.approx(conversions, abs=1e-9)
    assert sum(row.attributed_value for row in table.values()) == pytest.approx(
        won_value, rel=1e-12, abs=1e-9
    )


@HYPOTHESIS
@given(sets=games(), touches=st.lists(st.sampled_from("abcdez"), min_size=1, max_size=8))
def test_shapley_weights_sum_to_one(sets, touches) -> None:
    journey = [(f"t{i}", channel) for i, channel in enumerate(touches)]
    weights = shapley_opportunity_weights(journey, sets)
    assert all(0 <= w <= 1 for _, _, w in weights)
    assert math.fsum(w for _, _, w in weights) == pytest.approx(1.0, abs=1e-12)


# --------------------------------------------------------------------------- peer: ChannelAttribution

CA_NSIM = 1_000_000  # walks in total, split over nfold = 10 folds (the reported fold has >= 100,000)
CA_NFOLD = 10
CA_MAX_STEP = 1000  # walks longer than this count as not converted (the issue asks >= 1000)


def _channel_attribution():
    # ChannelAttribution 2.2.5 prints a banner on import and imports matplotlib
    # without declaring it; both are test-only here.
    with contextlib.redirect_stdout(io.StringIO()):
        return pytest.importorskip(
            "ChannelAttribution", reason="ChannelAttribution (GPL-3, test-only) is not installed"
        )


def _random_paths(seed: int, count: int = 25) -> list[tuple[list[str], int, int]]:
    rng = np.random.default_rng(seed)
    paths = []
    for _ in range(count):
        channels: list[str] = []
        for _ in range(int(rng.integers(1, 6))):
            channel = CHANNELS[int(rng.integers(len(CHANNELS)))]
            if not channels or channels[-1] != channel:
                channels.append(channel)
        conversions = int(rng.integers(0, 4))
        paths.append((channels, conversions, int(rng.integers(0 if conversions else 1, 4))))
    paths.append((["a"], 1, 0))  # at least one conversion
    return paths


def _run_channel_attribution(paths, order: int):
    ca = _channel_attribution()
    import pandas as pd

    data = pd.DataFrame(
        {
            "path": [" > ".join(p) for p, _, _ in paths],
            "conversions": [c for _, c, _ in paths],
            "nulls": [n for _, _, n in paths],
        }
    )
    with contextlib.redirect_stdout(io.StringIO()):
        return ca.markov_model(
            data,
            "path",
            "conversions",
            var_null="nulls",
            order=order,
            nsim_start=CA_NSIM,
            max_step=CA_MAX_STEP,
            out_more=True,
            sep=">",
            nfold=CA_NFOLD,
            seed=0,
            verbose=False,
            flg_pro=False,
        )


PEER_CASES = [("bryl", BRYL_PATHS), ("puzyrov", PUZYROV_PATHS)] + [
    (f"random{seed}", _random_paths(seed)) for seed in range(6)
]


@pytest.mark.parametrize("order", [1, 2, 3])
@pytest.mark.parametrize(("name", "paths"), PEER_CASES, ids=[name for name, _ in PEER_CASES])
def test_channel_attribution_agrees(name, paths, order) -> None:
    result = _run_channel_attribution(paths, order)
    # 1. The chain itself, exactly: ChannelAttribution numbers channels 1, 2, ... in
    # order of first appearance and names a k-gram state by its channel numbers.
    codes: dict[str, str] = {}
    for channels, _, _ in paths:
        for channel in channels:
            codes.setdefault(channel, str(len(codes) + 1))
    counts = transition_counts(paths, order)

    def state_name(state: tuple[str, ...]) -> str:
        return state[0] if state[0].startswith("(") else " ".join(codes[c] for c in state)

    expected = {
        (state_name(source), state_name(target)): weight / sum(out.values())
        for source, out in counts.items()
        for target, weight in out.items()
    }
    matrix = result["transition_matrix"]
    actual = dict(
        zip(
            zip(matrix.channel_from, matrix.channel_to, strict=True),
            matrix.transition_probability,
            strict=True,
        )
    )
    assert actual.keys() == expected.keys()
    for key, probability in expected.items():
        assert actual[key] == pytest.approx(probability, abs=1e-12), key

    # 2. Removal effects and credited conversions, within the simulation error: the
    # reported fold has at least CA_NSIM / CA_NFOLD walks, so at least that times
    # P(conversion) simulated conversions; RE is a proportion among them.
    p_conversion = float(markov_conversion_probability_exact(paths, order))
    simulated_conversions = CA_NSIM / CA_NFOLD * p_conversion
    oracle = markov_removal_effects(paths, order)
    peer = dict(
        zip(result["removal_effects"].channel_name, result["removal_effects"].removal_effect, strict=True)
    )
    assert peer.keys() == oracle.keys()
    for channel, effect in oracle.items():
        tolerance = 6 * math.sqrt(max(effect * (1 - effect), 0.01) / simulated_conversions)
        assert abs(peer[channel] - effect) <= tolerance, (channel, peer[channel], effect, tolerance)
    conversions = sum(c for _, c, _ in paths)
    table = markov_channel_table(paths, total_won_value=0.0, order=order)
    credited = dict(zip(result["result"].channel_name, result["result"].total_conversions, strict=True))
    for channel, row in table.items():
        tolerance = conversions * 6 * len(oracle) / math.sqrt(simulated_conversions)
        assert abs(credited[channel] - row.attributed_conversions) <= tolerance, channel


# ------------------------------------------------------------- peer: marketing-attribution-models


def _mam():
    mam = pytest.importorskip("mam", reason="marketing-attribution-models (test-only) is not installed")
    try:
        metadata.version("marketing-attribution-models")
    except metadata.PackageNotFoundError:
        pytest.skip("the `mam` module found is not marketing-attribution-models")
    return mam


def _mam_channel_credit(sets, with_value: bool) -> dict[str, float]:
    """marketing-attribution-models' Shapley channel totals, channel-set size cap lifted."""
    mam = _mam()
    import polars as pl

    rows = []
    for channel_set, (journeys, conversions, won_value) in sets.items():
        path = " > ".join(sorted(channel_set, reverse=True))  # any order: it uses sets (order=False)
        if conversions:
            rows.append((path, conversions, True, won_value))
        if journeys - conversions:
            rows.append((path, journeys - conversions, False, 0.0))
    frame = pl.DataFrame(rows, schema=["path", "occurrences", "converted", "value"], orient="row")
    model = mam.MAM(
        frame,
        format_type="grouped_journey",
        channels_colname="path",
        journey_with_conv_colname="converted",
        occurrences_colname="occurrences",
        conversion_value_colname="value" if with_value else None,
    )
    result = model.run_shapley(max_size=None, value_column="conv_rate").to_dict()
    return dict(zip(result["channels"], result["attribution"], strict=True))


def test_mam_puzyrov_paths() -> None:
    assert _mam_channel_credit(PUZYROV_SETS, with_value=False) == pytest.approx(
        {"google ads": 7 / 3, "mailing": 5 / 3}, abs=1e-12
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sets=games())
def test_mam_shapley_channel_values_agree(sets) -> None:
    assume(any(c for _, c, _ in sets.values()))
    table = shapley_channel_table(sets)
    conversions = _mam_channel_credit(sets, with_value=False)
    values = _mam_channel_credit(sets, with_value=True)
    # The package lists only channels of converting sets; the others get 0 here.
    assert set(conversions) <= set(table)
    for channel, row in table.items():
        assert conversions.get(channel, 0.0) == pytest.approx(row.attributed_conversions, abs=1e-9), channel
        assert values.get(channel, 0.0) == pytest.approx(row.attributed_value, rel=1e-12, abs=1e-9), channel


def test_peer_versions_are_the_pinned_ones() -> None:
    """requirements-test.txt pins the peers; a different version may define things differently."""
    pins = {}
    for line in (Path(__file__).resolve().parent.parent / "requirements-test.txt").read_text().splitlines():
        line = line.split("#")[0].strip()
        if "==" in line:
            name, version = line.split("==")
            pins[name.lower()] = version
    installed = {}
    for name in ("channelattribution", "marketing-attribution-models"):
        try:
            installed[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
        assert installed[name] == pins[name], name
    if not installed:
        pytest.skip("no peer package installed")
