"""The data-driven marts agree with the independent oracle (SPEC sections 5 and 6).

Each dataset is written as the nine raw CSVs (the scenario writer of
test_attribution_matches_oracle.py, imported, not copied), built with `dbt build`
for each engine (vars attribution_markov_engine / attribution_shapley_engine =
sql, python) and compared with attribution_kit/oracles/data_driven.py to 1e-9:

- marts.rpt_markov_channel_attribution: removal_effect, removal_effect_share,
  attributed_conversions, attributed_value;
- marts.rpt_shapley_channel_attribution: shapley_value, attributed_conversions,
  attributed_value;
- marts.fct_attributed_touchpoints rows of the models markov and shapley.

Datasets: Bryl's three paths and Puzyrov's four (published worked examples, see
test_oracle_data_driven.py), each with an open opportunity and a won opportunity
with an empty journey (neither trains nor counts in the channel tables), and a
seeded random set of journeys (repeated touches, touches outside the lookback
window, open and lost opportunities, EUR amounts). The oracle's inputs (paths,
channel sets) are computed here from the scenario and the journey rules of SPEC
section 3, never read from a build.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from attribution_kit.oracles.data_driven import (
    collapse_repeats,
    markov_channel_table,
    markov_opportunity_weights,
    markov_removal_effects_exact,
    markov_value_table,
    shapley_channel_table,
    shapley_opportunity_weights,
)
from python_tests.conftest import build_project
from python_tests.marts import query
from python_tests.test_attribution_matches_oracle import (
    CURRENCY_RATES,
    ContactSpec,
    Dataset,
    ExpectedJourney,
    OpportunitySpec,
    TouchSpec,
    expected_journeys,
    write_dataset,
)

TOLERANCE = 1e-9
# The Python engines too (no parent of the fact unless chosen), so the engines' agreement tests run.
SELECTION = (
    "+rpt_markov_channel_attribution +rpt_shapley_channel_attribution +fct_attributed_touchpoints "
    "+int_touchpoints_weighted_markov +int_touchpoints_weighted_shapley "
    "+int_touchpoints_weighted_markov_py +int_touchpoints_weighted_shapley_py "
    "+int_touchpoints_weighted_time_decay_py +rpt_markov_order_choice"
)
# The per-opportunity weights of the engine in force, before they reach the fact table
# (non-empty journeys only: the fact table adds the `(unattributed)` row of an empty one).
INTERMEDIATE_WEIGHTS = {
    "markov": "intermediate.int_touchpoints_weighted_markov",
    "shapley": "intermediate.int_touchpoints_weighted_shapley",
}
ENGINES = ("sql", "python")
CREATED_AT = datetime(2024, 6, 1)
CLOSED_AT = datetime(2024, 7, 1)

# --------------------------------------------------------------------------- datasets


@dataclass(frozen=True)
class JourneySpec:
    """One opportunity on its own account: touches (channels, in time order) and outcome."""

    channels: tuple[str, ...]
    status: str  # won, lost or open
    amount: float = 1000.0
    currency: str = "USD"
    days_before_creation: int = 1  # the last touch is this many days before the opportunity's creation
    stale_channels: tuple[str, ...] = ()  # touches more than 365 days before creation (outside the window)


def build_dataset(journeys: list[JourneySpec]) -> Dataset:
    dataset = Dataset()
    for i, spec in enumerate(journeys):
        account_id, contact_id, opportunity_id = f"A{i:03d}", f"C{i:03d}", f"O{i:03d}"
        dataset.account_ids.append(account_id)
        dataset.contacts.append(ContactSpec(contact_id, account_id, datetime(2022, 1, 1)))
        n = len(spec.channels)
        for j, channel in enumerate(spec.channels):
            moment = CREATED_AT - timedelta(days=spec.days_before_creation + 3 * (n - 1 - j), hours=j)
            dataset.touches.append(TouchSpec(f"T{i:03d}-{j:02d}", moment, channel, contact_id, account_id))
        for j, channel in enumerate(spec.stale_channels):
            moment = CREATED_AT - timedelta(days=400 + j)
            dataset.touches.append(TouchSpec(f"T{i:03d}-s{j}", moment, channel, contact_id, account_id))
        dataset.opportunities.append(
            OpportunitySpec(
                opportunity_id,
                account_id,
                CREATED_AT,
                spec.status,
                CLOSED_AT if spec.status != "open" else None,
                amount=spec.amount,
                currency=spec.currency,
                role_contact_ids=(contact_id,),
            )
        )
    return dataset


# Bryl: C1 > C2 > C3 converts, C1 does not, C2 > C3 does not (C1 webinar, C2 event,
# C3 meeting). A repeated touch (collapsed), an open opportunity and a won one whose
# only touch is outside the window (empty journey) change nothing in the tables.
BRYL = [
    JourneySpec(("webinar", "webinar", "event", "meeting"), "won", amount=1000.0),
    JourneySpec(("webinar",), "lost", amount=2000.0),
    JourneySpec(("event", "meeting", "meeting"), "lost", amount=3000.0),
    JourneySpec(("meeting", "chat", "webinar"), "open", amount=4000.0),
    JourneySpec((), "won", amount=5000.0, stale_channels=("event",)),
]
# Puzyrov: google ads (sales_call) 2 conversions and 1 null, mailing (email) 1
# conversion, google ads > mailing 1 conversion.
PUZYROV = [
    JourneySpec(("sales_call",), "won", amount=100.0),
    JourneySpec(("sales_call", "sales_call"), "won", amount=200.0),
    JourneySpec(("sales_call",), "lost", amount=300.0),
    JourneySpec(("email",), "won", amount=400.0, currency="EUR"),
    JourneySpec(("sales_call", "email"), "won", amount=500.0),
    JourneySpec(("email", "webinar"), "open", amount=600.0),
]
RANDOM_CHANNELS = ("webinar", "event", "meeting", "sales_call", "sales_email", "content", "email", "chat")


def random_journeys(seed: int, count: int = 48) -> list[JourneySpec]:
    """Journeys over at most 6 of the 8 channels (so the Shapley oracle's 6! orderings stay cheap)."""
    rng = np.random.default_rng(seed)
    journeys = []
    for i in range(count):
        pool = rng.choice(RANDOM_CHANNELS, size=int(rng.integers(1, 7)), replace=False)
        channels = tuple(str(rng.choice(pool)) for _ in range(int(rng.integers(1, 8))))
        status = str(rng.choice(["won", "lost", "open"], p=[0.45, 0.4, 0.15]))
        journeys.append(
            JourneySpec(
                channels,
                status,
                amount=float(rng.integers(1, 200)) * 250.0,
                currency="EUR" if i % 5 == 0 else "USD",
                days_before_creation=int(rng.integers(0, 30)),
                stale_channels=(str(rng.choice(RANDOM_CHANNELS)),) if i % 7 == 0 else (),
            )
        )
    journeys.append(JourneySpec(("chat",), "won", amount=777.0))  # at least one conversion
    journeys.append(JourneySpec((), "lost", stale_channels=("webinar",)))  # an empty journey
    return journeys


DATASETS = {"bryl": BRYL, "puzyrov": PUZYROV, "random": random_journeys(20240601)}

# --------------------------------------------------------------------------- oracle side


@dataclass
class Expected:
    journeys: dict[str, ExpectedJourney]
    markov_table: dict
    shapley_table: dict
    rows: dict[tuple[str, str, str | None], tuple[str, float]]  # (model, opp, touch) -> (channel, weight)
    markov_value_table: dict | None = None


def expected_results(dataset: Dataset, markov_order: int = 1) -> Expected:
    journeys = expected_journeys(dataset)
    amounts = {o.opportunity_id: o.amount * CURRENCY_RATES[o.currency] for o in dataset.opportunities}
    paths = []
    value_paths = []
    sets: dict[frozenset[str], list] = defaultdict(lambda: [0, 0, 0.0])
    open_sets = set()
    total_won_value = 0.0
    for opportunity_id, expected in journeys.items():
        o = expected.opportunity
        channels = [t.channel for t in expected.journey]
        if not channels:
            continue  # empty: neither trains nor counts
        if o.closed_at is None:
            open_sets.add(frozenset(channels))  # open: credited, not trained
            continue
        won = int(o.is_won)
        paths.append((collapse_repeats(channels), won, 1 - won))
        won_value = amounts[opportunity_id] if won else 0.0
        value_paths.append((collapse_repeats(channels), won, 1 - won, won_value))
        stats = sets[frozenset(channels)]
        stats[0] += 1
        stats[1] += won
        stats[2] += amounts[opportunity_id] if won else 0.0
        total_won_value += amounts[opportunity_id] if won else 0.0
    set_stats = {s: (j, c, v) for s, (j, c, v) in sets.items()}
    effects = markov_removal_effects_exact(paths, markov_order)
    rows = {}
    for opportunity_id, expected in journeys.items():
        touches = [(t.touchpoint_id, t.channel) for t in expected.journey]
        for model, weights in (
            ("markov", markov_opportunity_weights(touches, effects)),
            ("shapley", shapley_opportunity_weights(touches, set_stats)),
        ):
            for touchpoint_id, channel, weight in weights:
                rows[(model, opportunity_id, touchpoint_id)] = (channel, weight)
    return Expected(
        journeys,
        markov_channel_table(paths, total_won_value, markov_order),
        shapley_channel_table(set_stats, credited_sets=open_sets),
        rows,
        markov_value_table(value_paths, markov_order),
    )


# --------------------------------------------------------------------------- builds

_BUILDS: dict[tuple[str, str, int], tuple[Path, Expected] | AssertionError] = {}


def built(name: str, engine: str, tmp_path_factory: pytest.TempPathFactory, order: int = 1):
    """Build dataset `name` with both data-driven engines set to `engine` (once per session;
    a failed build fails every test that needs it without being tried again)."""
    key = (name, engine, order)
    if key not in _BUILDS:
        _BUILDS[key] = AssertionError(f"the build of {key} failed in an earlier test")
        dataset = build_dataset(DATASETS[name])
        root = tmp_path_factory.mktemp(f"data_driven_{name}_{engine}_{order}")
        data_dir = write_dataset(dataset, root / "data")
        variables = {
            "attribution_markov_engine": engine,
            "attribution_shapley_engine": engine,
            "attribution_markov_order": order,
        }
        db_path, _ = build_project(data_dir, root / "build", vars=variables, select=SELECTION)
        _BUILDS[key] = (db_path, expected_results(dataset, order))
    if isinstance(_BUILDS[key], AssertionError):
        raise _BUILDS[key]
    return _BUILDS[key]


def compare_tables(actual: dict[str, tuple], expected: dict[str, tuple], columns: tuple[str, ...]) -> None:
    """Same channels, every value to TOLERANCE. A channel the oracle does not know (one seen
    only in open journeys) may be listed by the mart, but with zeros."""
    problems = []
    for channel in sorted(expected.keys() | actual.keys()):
        if channel not in actual:
            problems.append(f"{channel}: missing in mart (oracle {expected[channel]})")
            continue
        oracle = expected.get(channel, (0.0,) * len(columns))
        for column, mart_value, oracle_value in zip(columns, actual[channel], oracle, strict=True):
            if mart_value is None or abs(mart_value - oracle_value) > TOLERANCE:
                problems.append(f"{channel}.{column}: mart {mart_value!r}, oracle {oracle_value!r}")
    assert not problems, "channel table disagrees with the oracle:\n" + "\n".join(problems)


MARKOV_COLUMNS = ("removal_effect", "removal_effect_share", "attributed_conversions", "attributed_value")
SHAPLEY_COLUMNS = ("shapley_value", "attributed_conversions", "attributed_value")


def markov_mart(db_path: Path) -> dict[str, tuple]:
    rows = query(
        db_path, f"select channel, {', '.join(MARKOV_COLUMNS)} from marts.rpt_markov_channel_attribution"
    )
    return {row[0]: row[1:] for row in rows}


def shapley_mart(db_path: Path) -> dict[str, tuple]:
    rows = query(
        db_path, f"select channel, {', '.join(SHAPLEY_COLUMNS)} from marts.rpt_shapley_channel_attribution"
    )
    return {row[0]: row[1:] for row in rows}


# --------------------------------------------------------------------------- tests


@pytest.mark.parametrize("engine", ENGINES)
def test_bryl_published_shares(engine: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    db_path, expected = built("bryl", engine, tmp_path_factory)
    mart = markov_mart(db_path)
    # Published (Bryl 2016): removal effects 0.5 / 1 / 1, shares 0.2 / 0.4 / 0.4; one conversion.
    published = {"webinar": (0.5, 0.2), "event": (1.0, 0.4), "meeting": (1.0, 0.4)}
    for channel, (effect, share) in published.items():
        assert mart[channel][0] == pytest.approx(effect, abs=TOLERANCE), channel
        assert mart[channel][1] == pytest.approx(share, abs=TOLERANCE), channel
        assert mart[channel][2] == pytest.approx(share, abs=TOLERANCE), channel
        assert mart[channel][3] == pytest.approx(share * 1000.0, abs=TOLERANCE), channel
    compare_tables(
        mart, {c: tuple(vars(r).values()) for c, r in expected.markov_table.items()}, MARKOV_COLUMNS
    )
    compare_tables(
        shapley_mart(db_path),
        {c: tuple(vars(r).values()) for c, r in expected.shapley_table.items()},
        SHAPLEY_COLUMNS,
    )


@pytest.mark.parametrize("engine", ENGINES)
def test_puzyrov_published_conversions(engine: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    db_path, expected = built("puzyrov", engine, tmp_path_factory)
    markov = markov_mart(db_path)
    # Published (Puzyrov 2019), Markov: google ads 2.4, mailing 1.6 conversions.
    assert markov["sales_call"][2] == pytest.approx(2.4, abs=TOLERANCE)
    assert markov["email"][2] == pytest.approx(1.6, abs=TOLERANCE)
    # Shapley on the same journeys (derived by hand, peer-checked): 7/3 and 5/3.
    shapley = shapley_mart(db_path)
    assert shapley["sales_call"][1] == pytest.approx(7 / 3, abs=TOLERANCE)
    assert shapley["email"][1] == pytest.approx(5 / 3, abs=TOLERANCE)
    compare_tables(
        markov, {c: tuple(vars(r).values()) for c, r in expected.markov_table.items()}, MARKOV_COLUMNS
    )
    compare_tables(
        shapley, {c: tuple(vars(r).values()) for c, r in expected.shapley_table.items()}, SHAPLEY_COLUMNS
    )


@pytest.mark.parametrize("engine", ENGINES)
def test_random_channel_tables(engine: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    db_path, expected = built("random", engine, tmp_path_factory)
    compare_tables(
        markov_mart(db_path),
        {c: tuple(vars(r).values()) for c, r in expected.markov_table.items()},
        MARKOV_COLUMNS,
    )
    compare_tables(
        shapley_mart(db_path),
        {c: tuple(vars(r).values()) for c, r in expected.shapley_table.items()},
        SHAPLEY_COLUMNS,
    )


MARKOV_VALUE_COLUMNS = ("value_removal_effect", "value_removal_effect_share", "value_attributed_value")


@pytest.mark.parametrize("name", list(DATASETS))
@pytest.mark.parametrize("engine", ENGINES)
def test_markov_value_removal_effects(
    name: str, engine: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """The value columns of the channel table (ChannelAttribution's removal_effects_conversion_value
    and total_conversion_value) equal the exact first-step oracle on won value."""
    db_path, expected = built(name, engine, tmp_path_factory)
    columns = ", ".join(MARKOV_VALUE_COLUMNS)
    rows = query(db_path, f"select channel, {columns} from marts.rpt_markov_channel_attribution")
    compare_tables(
        {row[0]: row[1:] for row in rows},
        {c: tuple(vars(r).values()) for c, r in expected.markov_value_table.items()},
        MARKOV_VALUE_COLUMNS,
    )


def test_random_markov_order_two_python(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Order 2 (k-gram states, ChannelAttribution's definition) runs on the python engine."""
    db_path, expected = built("random", "python", tmp_path_factory, order=2)
    compare_tables(
        markov_mart(db_path),
        {c: tuple(vars(r).values()) for c, r in expected.markov_table.items()},
        MARKOV_COLUMNS,
    )
    assert_weights_match(db_path, expected, models=("markov",))


def assert_weights_match(
    db_path: Path, expected: Expected, models: tuple[str, ...] = ("markov", "shapley")
) -> None:
    fetched = query(
        db_path,
        "select attribution_model, opportunity_id, touchpoint_id, channel, attribution_weight "
        "from marts.fct_attributed_touchpoints where attribution_model in ('markov', 'shapley')",
    )
    present = {row[0] for row in fetched}
    if not present:
        pytest.skip(
            "fct_attributed_touchpoints has no markov or shapley rows yet: the data-driven models are "
            "not wired into the fact table (the channel tables are still checked)"
        )
    actual = {}
    for model, opportunity_id, touchpoint_id, channel, weight in fetched:
        if model in models:
            key = (model, opportunity_id, touchpoint_id)
            assert key not in actual, f"duplicate mart row {key}"
            actual[key] = (channel, weight)
    oracle = {key: value for key, value in expected.rows.items() if key[0] in models}
    problems = []
    for key in sorted(oracle.keys() | actual.keys(), key=str):
        if key not in actual:
            problems.append(f"{key}: missing in mart (oracle {oracle[key]})")
        elif key not in oracle:
            problems.append(f"{key}: not in oracle (mart {actual[key]})")
        elif actual[key][0] != oracle[key][0] or abs(actual[key][1] - oracle[key][1]) > TOLERANCE:
            problems.append(f"{key}: mart {actual[key]}, oracle {oracle[key]}")
    assert not problems, f"{len(problems)} fct_attributed_touchpoints rows disagree:\n" + "\n".join(
        problems[:60]
    )


@pytest.mark.parametrize("name", list(DATASETS))
@pytest.mark.parametrize("engine", ENGINES)
def test_intermediate_opportunity_weights(
    name: str, engine: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    db_path, expected = built(name, engine, tmp_path_factory)
    tables = {
        row[0]
        for row in query(db_path, "select table_schema || '.' || table_name from information_schema.tables")
    }
    for model, table in INTERMEDIATE_WEIGHTS.items():
        if table not in tables:
            pytest.skip(f"{table} is not built: the per-opportunity {model} weights have another home now")
        fetched = query(db_path, f"select opportunity_id, touchpoint_id, attribution_weight from {table}")
        actual = {(model, o, t): w for o, t, w in fetched}
        assert len(actual) == len(fetched), f"duplicate rows in {table}"
        oracle = {key: weight for key, (_, weight) in expected.rows.items() if key[0] == model and key[2]}
        problems = [
            f"{key}: mart {actual.get(key)!r}, oracle {oracle.get(key)!r}"
            for key in sorted(oracle.keys() | actual.keys(), key=str)
            if key not in actual or key not in oracle or abs(actual[key] - oracle[key]) > TOLERANCE
        ]
        assert not problems, f"{table} disagrees with the oracle:\n" + "\n".join(problems[:60])


@pytest.mark.parametrize("name", list(DATASETS))
@pytest.mark.parametrize("engine", ENGINES)
def test_opportunity_weights(name: str, engine: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    db_path, expected = built(name, engine, tmp_path_factory)
    assert_weights_match(db_path, expected)


def test_oracle_inputs_are_what_the_scenarios_say() -> None:
    """Guard against a scenario writer change silently altering the published paths."""
    expected = expected_results(build_dataset(BRYL))
    assert {
        c: Fraction(r.removal_effect).limit_denominator(100) for c, r in expected.markov_table.items()
    } == {
        "webinar": Fraction(1, 2),
        "event": 1,
        "meeting": 1,
    }
    expected = expected_results(build_dataset(PUZYROV))
    assert expected.markov_table["sales_call"].attributed_conversions == pytest.approx(2.4)
    assert expected.markov_table["sales_call"].attributed_value == pytest.approx(
        0.6 * (100 + 200 + 400 * 1.1 + 500)
    )


# --------------------------------------------------------------------------- markov order choice


def _auc(scored: list[tuple[bool, float]]) -> float | None:
    """AUC by pairs: the share of (converted, not converted) pairs ordered right, ties half."""
    positives = [score for converted, score in scored if converted]
    negatives = [score for converted, score in scored if not converted]
    if not positives or not negatives:
        return None
    right = sum((p > n) + 0.5 * (p == n) for p in positives for n in negatives)
    return right / (len(positives) * len(negatives))


def test_markov_order_choice(tmp_path_factory: pytest.TempPathFactory) -> None:
    """rpt_markov_order_choice against a recomputation from the scenario's journeys: the held-out
    split is read from the build (int_training_opportunities_split, shared with the other
    data-driven checks); the paths, the order-k last states, the training rates, the scores and
    the AUC (by pairs, not ranks) are computed here."""
    db_path, expected = built("random", "sql", tmp_path_factory)
    holdout = dict(
        query(db_path, "select opportunity_id, is_holdout from intermediate.int_training_opportunities_split")
    )
    paths = {}
    for opportunity_id, journey in expected.journeys.items():
        o = journey.opportunity
        channels = collapse_repeats([t.channel for t in journey.journey])
        if channels and o.closed_at is not None:
            paths[opportunity_id] = (channels, bool(o.is_won))
    assert set(holdout) == set(paths)
    orders = query(
        db_path,
        "select markov_order, holdout_paths, holdout_conversions, holdout_auc, is_best_order "
        "from marts.rpt_markov_order_choice order by markov_order",
    )
    assert [row[0] for row in orders] == [1, 2, 3, 4]
    training = [(c, won) for o, (c, won) in paths.items() if not holdout[o]]
    base_rate = sum(won for _, won in training) / len(training)
    aucs = {}
    for order, holdout_paths, holdout_conversions, auc, _ in orders:
        ends: dict[tuple[str, ...], list[int]] = defaultdict(lambda: [0, 0])
        for channels, won in training:
            ends[tuple(channels[-order:])][0] += won
            ends[tuple(channels[-order:])][1] += 1
        scored = []
        for opportunity_id, (channels, won) in paths.items():
            if holdout[opportunity_id]:
                state = ends.get(tuple(channels[-order:]))
                scored.append((won, state[0] / state[1] if state else base_rate))
        assert holdout_paths == len(scored)
        assert holdout_conversions == sum(won for won, _ in scored)
        aucs[order] = _auc(scored)
        assert (auc is None) == (aucs[order] is None)
        if auc is not None:
            assert auc == pytest.approx(aucs[order], abs=TOLERANCE), order
    best = [row[0] for row in orders if row[4]]
    known = {order: auc for order, auc in aucs.items() if auc is not None}
    assert best == ([max(known, key=lambda order: (known[order], -order))] if known else [])
    # The mart's AUC also from its own scored rows, by pairs.
    rows = query(
        db_path,
        "select markov_order, is_converted, conversion_score from intermediate.int_markov_order_paths_scored",
    )
    for order, _, _, auc, _ in orders:
        own = _auc([(converted, score) for o, converted, score in rows if o == order])
        assert (own is None and auc is None) or own == pytest.approx(auc, abs=TOLERANCE)
