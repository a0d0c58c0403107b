"""Tests of the rule-based attribution oracle itself.

The hand-worked cases below were derived on paper from SPEC sections 3 and 4;
each expected value is a literal with its arithmetic in a comment. The
hypothesis tests then check the invariants of section 4 on random journeys.
"""

from __future__ import annotations

import itertools
import math
from datetime import UTC, datetime, timedelta
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from attribution_kit.oracles.rule_based import (
    EMPTY_JOURNEY_CHANNEL,
    MILESTONE_MODELS,
    POSITION_MODELS,
    RULE_BASED_MODELS,
    Opportunity,
    Params,
    Touch,
    attribute,
    attribute_exact,
    attribution_rows,
    build_journey,
    milestone_last_index,
    milestones,
)

T0 = datetime(2024, 1, 1, tzinfo=UTC)


def at(days: float) -> datetime:
    return T0 + timedelta(days=days)


def touch(touchpoint_id: str, days: float, channel: str = "paid_search") -> Touch:
    return Touch(touchpoint_id, at(days), channel)


def opportunity(
    created: float,
    lead: float | None,
    status: str = "lost",
    end: float = 100.0,
) -> Opportunity:
    """status: won / lost (closed at `end`) or open (as-of `end`)."""
    return Opportunity(
        opportunity_id="opp_1",
        created_at=at(created),
        closed_at=None if status == "open" else at(end),
        is_won=status == "won",
        lead_created_at=None if lead is None else at(lead),
        journey_end=at(end),
    )


def journey_at(*days: float, channels: tuple[str, ...] | None = None) -> list[Touch]:
    """Touches tp_0, tp_1, ... at the given day offsets (already in order)."""
    channels = channels or ("paid_search",) * len(days)
    return [
        touch(f"tp_{i}", d, c)
        for i, (d, c) in enumerate(zip(days, channels, strict=True))
    ]


def assert_weights(actual: list[float], expected: list[float]) -> None:
    assert len(actual) == len(expected)
    assert actual == pytest.approx(expected, abs=1e-12)


# --------------------------------------------------------------------------- journey window


def test_window_includes_touch_exactly_lookback_days_before_creation():
    opp = opportunity(created=400, lead=None, end=450)
    # 400 - 365 = day 35 is the window start, included.
    journey = build_journey([touch("a", 35), touch("b", 34.5)], opp)
    assert [t.touchpoint_id for t in journey] == ["a"]


def test_window_excludes_touch_one_microsecond_before_lookback_start():
    opp = opportunity(created=400, lead=None, end=450)
    start = opp.created_at - timedelta(days=365)
    early = Touch("early", start - timedelta(microseconds=1), "email")
    edge = Touch("edge", start, "email")
    assert [t.touchpoint_id for t in build_journey([early, edge], opp)] == ["edge"]


def test_window_includes_touch_exactly_at_journey_end_and_excludes_later():
    opp = opportunity(created=10, lead=None, status="won", end=50)
    end = Touch("end", opp.journey_end, "email")
    late = Touch("late", opp.journey_end + timedelta(microseconds=1), "email")
    assert [t.touchpoint_id for t in build_journey([late, end], opp)] == ["end"]


def test_window_of_open_opportunity_ends_at_as_of():
    opp = opportunity(created=10, lead=None, status="open", end=30)
    journey = build_journey([touch("a", 29), touch("b", 30), touch("c", 31)], opp)
    assert [t.touchpoint_id for t in journey] == ["a", "b"]


def test_window_honours_custom_lookback_days():
    opp = opportunity(created=100, lead=None, end=120)
    # lookback 30: window starts at day 70.
    journey = build_journey(
        [touch("a", 69), touch("b", 70), touch("c", 71)], opp, lookback_days=30
    )
    assert [t.touchpoint_id for t in journey] == ["b", "c"]


def test_ties_on_occurred_at_broken_by_touchpoint_id():
    opp = opportunity(created=10, lead=None, end=20)
    journey = build_journey(
        [
            touch("tp_b", 5),
            touch("tp_a", 5),
            touch("tp_9", 5),
            touch("tp_10", 5),
            touch("tp_z", 4),
        ],
        opp,
    )
    # Earlier time first, then text order of the id: "tp_10" < "tp_9" < "tp_a" < "tp_b".
    assert [t.touchpoint_id for t in journey] == [
        "tp_z",
        "tp_10",
        "tp_9",
        "tp_a",
        "tp_b",
    ]


# --------------------------------------------------------------------------- milestones


def test_milestones_include_touches_exactly_at_their_moments():
    # Touches at days 1, 2, 3, 4, 5; lead at day 2, created at day 3, won at day 5.
    journey = journey_at(1, 2, 3, 4, 5)
    opp = opportunity(created=3, lead=2, status="won", end=5)
    assert milestones(journey, opp) == {"FT": 0, "LC": 1, "OC": 2, "CW": 4}


def test_milestone_cw_exists_only_for_won_opportunities():
    journey = journey_at(1, 2, 3)
    assert (
        milestones(journey, opportunity(created=2, lead=1, status="lost", end=3))["CW"]
        is None
    )
    assert (
        milestones(journey, opportunity(created=2, lead=1, status="open", end=3))["CW"]
        is None
    )
    assert (
        milestones(journey, opportunity(created=2, lead=1, status="won", end=3))["CW"]
        == 2
    )


def test_milestone_lc_missing_when_lead_precedes_every_touch_or_is_unknown():
    journey = journey_at(10, 20)
    assert milestones(journey, opportunity(created=30, lead=5, end=40))["LC"] is None
    assert milestones(journey, opportunity(created=30, lead=None, end=40))["LC"] is None


def test_milestone_oc_missing_when_every_touch_follows_creation():
    journey = journey_at(11, 12)
    assert milestones(journey, opportunity(created=10, lead=11.5, end=40)) == {
        "FT": 0,
        "LC": 0,
        "OC": None,
        "CW": None,
    }


def test_milestones_of_empty_journey_are_all_missing():
    assert milestones([], opportunity(created=10, lead=5)) == dict.fromkeys(
        ("FT", "LC", "OC", "CW")
    )


# --------------------------------------------------------------------------- single-touch models


def test_single_touch_models_pick_their_milestone():
    # days 1..5; lead day 2.5 -> LC = tp_1 (day 2); created day 3.5 -> OC = tp_2 (day 3).
    journey = journey_at(1, 2, 3, 4, 5)
    opp = opportunity(created=3.5, lead=2.5, status="won", end=5)
    assert_weights(attribute("first_touch", journey, opp), [1, 0, 0, 0, 0])
    assert_weights(attribute("lead_creation", journey, opp), [0, 1, 0, 0, 0])
    assert_weights(attribute("opportunity_creation", journey, opp), [0, 0, 1, 0, 0])
    assert_weights(attribute("last_touch", journey, opp), [0, 0, 0, 0, 1])


def test_lead_creation_falls_back_to_first_touch_when_lc_missing():
    journey = journey_at(10, 20, 30)
    opp = opportunity(created=25, lead=5, end=40)  # lead before every touch
    assert_weights(attribute("lead_creation", journey, opp), [1, 0, 0])


def test_opportunity_creation_falls_back_to_first_touch_when_oc_missing():
    journey = journey_at(10, 20, 30)
    opp = opportunity(created=5, lead=1, end=40)  # every touch after creation
    assert_weights(attribute("opportunity_creation", journey, opp), [1, 0, 0])


def test_last_non_direct_skips_trailing_direct_touches():
    journey = journey_at(
        1, 2, 3, 4, channels=("email", "paid_search", "direct", "direct")
    )
    opp = opportunity(created=3, lead=1, end=5)
    assert_weights(attribute("last_non_direct", journey, opp), [0, 1, 0, 0])


def test_last_non_direct_falls_back_to_last_touch_when_all_direct():
    journey = journey_at(1, 2, 3, channels=("direct", "direct", "direct"))
    opp = opportunity(created=3, lead=1, end=5)
    assert_weights(attribute("last_non_direct", journey, opp), [0, 0, 1])


def test_last_non_direct_honours_custom_direct_channels():
    journey = journey_at(1, 2, 3, channels=("email", "organic", "direct"))
    opp = opportunity(created=3, lead=1, end=5)
    params = Params(direct_channels=("direct", "organic"))
    assert_weights(attribute("last_non_direct", journey, opp, params), [1, 0, 0])


# --------------------------------------------------------------------------- linear and position models


def test_linear_splits_equally():
    journey = journey_at(1, 2, 3)
    assert_weights(
        attribute("linear", journey, opportunity(created=3, lead=1)),
        [1 / 3, 1 / 3, 1 / 3],
    )


@pytest.mark.parametrize(
    ("model", "expected_n2"),
    [
        ("position_based", [0.5, 0.5]),  # 40/(40+40), 40/(40+40)
        ("j_shaped", [0.25, 0.75]),  # 20/(20+60), 60/(20+60)
        ("inverse_j", [0.75, 0.25]),  # 60/(60+20), 20/(60+20)
    ],
)
def test_position_models_with_one_and_two_touches(model, expected_n2):
    opp = opportunity(created=3, lead=1)
    assert_weights(attribute(model, journey_at(1), opp), [1.0])
    assert_weights(attribute(model, journey_at(1, 2), opp), expected_n2)


@pytest.mark.parametrize(
    ("model", "expected"),
    [
        # 40 first, 40 last, 20 over the 3 touches in between: 20/3 each.
        ("position_based", [0.4, 0.2 / 3, 0.2 / 3, 0.2 / 3, 0.4]),
        # 20 first, 60 last, 20/3 each in between.
        ("j_shaped", [0.2, 0.2 / 3, 0.2 / 3, 0.2 / 3, 0.6]),
        # 60 first, 20 last, 20/3 each in between.
        ("inverse_j", [0.6, 0.2 / 3, 0.2 / 3, 0.2 / 3, 0.2]),
    ],
)
def test_position_models_split_middle_share_over_inner_touches(model, expected):
    opp = opportunity(created=3, lead=1)
    assert_weights(attribute(model, journey_at(1, 2, 3, 4, 5), opp), expected)


def test_position_based_with_three_touches_gives_middle_touch_everything_left():
    # 40 + 40 on the ends, the one inner touch gets 20.
    assert_weights(
        attribute(
            "position_based", journey_at(1, 2, 3), opportunity(created=3, lead=1)
        ),
        [0.4, 0.2, 0.4],
    )


# --------------------------------------------------------------------------- milestone models


def test_w_shaped_with_ft_and_lc_on_one_touch_and_oc_on_another():
    # The spec's own example. FT = LC = tp_0, OC = tp_1, no non-milestone touch up to L = tp_1.
    # tp_0: 30 + 30 + 2 portions of 10/3 = 66.67 = 2/3; tp_1: 30 + 10/3 = 33.33 = 1/3.
    journey = journey_at(1, 2)
    opp = opportunity(created=3, lead=1.5)
    assert_weights(attribute("w_shaped", journey, opp), [2 / 3, 1 / 3])
    assert attribute_exact("w_shaped", journey, opp) == [Fraction(2, 3), Fraction(1, 3)]


def test_w_shaped_five_touches_with_one_touch_after_oc():
    # days 1..5, lead 3.5 -> LC = tp_2, created 4.5 -> OC = tp_3, tp_4 after OC (lost at day 6).
    # FT tp_0 30, LC tp_2 30, OC tp_3 30; middle 10 over the non-milestone touches
    # in [FT, L = tp_3]: only tp_1 -> 10; tp_4 after L -> 0.
    journey = journey_at(1, 2, 3, 4, 5)
    opp = opportunity(created=4.5, lead=3.5, status="lost", end=6)
    assert_weights(attribute("w_shaped", journey, opp), [0.3, 0.1, 0.3, 0.3, 0.0])


def test_u_shaped_five_touches_ignores_oc_and_zeroes_touches_after_lc():
    # Same journey; U credits FT (tp_0) 40 and LC (tp_2) 40; L = tp_2; middle 20 on tp_1;
    # tp_3 (OC, not a U milestone) and tp_4 are after L -> 0.
    journey = journey_at(1, 2, 3, 4, 5)
    opp = opportunity(created=4.5, lead=3.5, status="lost", end=6)
    assert_weights(attribute("u_shaped", journey, opp), [0.4, 0.2, 0.4, 0.0, 0.0])


def test_u_shaped_middle_split_over_several_touches():
    # FT tp_0 40, LC tp_3 40, middle 20 over tp_1, tp_2 -> 10 each, tp_4 after L -> 0.
    journey = journey_at(1, 2, 3, 4, 5)
    opp = opportunity(created=5, lead=4)
    assert_weights(attribute("u_shaped", journey, opp), [0.4, 0.1, 0.1, 0.4, 0.0])


def test_u_shaped_with_lc_missing_gives_first_touch_everything():
    # LC missing: its 40 goes to FT (the only present milestone, 40/40 of it) -> FT 80.
    # L = FT, no non-milestone touch in [FT, FT], so middle 20 goes to the one
    # present milestone position -> FT 100; everything after L -> 0.
    journey = journey_at(10, 20, 30)
    opp = opportunity(created=25, lead=5, end=40)
    assert_weights(attribute("u_shaped", journey, opp), [1.0, 0.0, 0.0])


def test_u_shaped_with_ft_and_lc_on_one_touch():
    # FT = LC = tp_0: 40 + 40 + two portions of 20/2 = 100; touches after L -> 0.
    journey = journey_at(10, 20, 30)
    opp = opportunity(created=25, lead=15, end=40)
    assert_weights(attribute("u_shaped", journey, opp), [1.0, 0.0, 0.0])


def test_w_shaped_when_oc_precedes_lc():
    # Lead created after the opportunity (a contact joined the deal later).
    # days 1..5, created 2.5 -> OC = tp_1, lead 4.5 -> LC = tp_3; L = tp_3 (LC).
    # FT tp_0 30, OC tp_1 30, LC tp_3 30, middle 10 on tp_2, tp_4 -> 0.
    journey = journey_at(1, 2, 3, 4, 5)
    opp = opportunity(created=2.5, lead=4.5, status="open", end=6)
    assert_weights(attribute("w_shaped", journey, opp), [0.3, 0.3, 0.1, 0.3, 0.0])
    # U ignores OC: FT 40, LC tp_3 40, middle 20 over tp_1 and tp_2 -> 10 each.
    assert_weights(attribute("u_shaped", journey, opp), [0.4, 0.1, 0.1, 0.4, 0.0])


def test_w_shaped_with_oc_missing_splits_its_share_between_ft_and_lc():
    # created day 0.5, every touch after it -> OC missing; lead day 2.5 -> LC = tp_1.
    # FT, LC: 30 * 90/60 = 45 each; L = tp_1, no middle touch -> 10/2 each -> 50/50.
    journey = journey_at(1, 2, 3, 4)
    opp = opportunity(created=0.5, lead=2.5, end=5)
    assert_weights(attribute("w_shaped", journey, opp), [0.5, 0.5, 0.0, 0.0])


def test_full_path_on_lost_opportunity_redistributes_cw_share():
    # Lost: CW missing; its 22.5 goes to FT, LC, OC in proportion (equal) ->
    # 22.5 * 90/67.5 = 30 each. days 1..5, lead 3.5 -> LC = tp_2, created 4.5 -> OC = tp_3.
    # Middle 10 on tp_1; tp_4 after L = tp_3 -> 0.
    journey = journey_at(1, 2, 3, 4, 5)
    opp = opportunity(created=4.5, lead=3.5, status="lost", end=6)
    assert_weights(attribute("full_path", journey, opp), [0.3, 0.1, 0.3, 0.3, 0.0])
    assert attribute_exact("full_path", journey, opp)[0] == Fraction(3, 10)


def test_full_path_on_lost_opportunity_without_middle_touch():
    # FT tp_0, LC tp_1, OC tp_2 at 30 each, tp_3 after L; middle 10 over the 3 milestone
    # positions -> 30 + 10/3 = 1/3 each.
    journey = journey_at(1, 2, 3, 4)
    opp = opportunity(created=3.5, lead=2.5, status="lost", end=5)
    assert_weights(attribute("full_path", journey, opp), [1 / 3, 1 / 3, 1 / 3, 0.0])


def test_full_path_on_won_opportunity_credits_cw():
    # Won at day 6: CW = last touch tp_4. 22.5 on tp_0, tp_2, tp_3, tp_4; middle 10 on tp_1.
    journey = journey_at(1, 2, 3, 4, 5)
    opp = opportunity(created=4.5, lead=3.5, status="won", end=6)
    assert_weights(
        attribute("full_path", journey, opp), [0.225, 0.1, 0.225, 0.225, 0.225]
    )


def test_full_path_with_ft_lc_oc_on_one_touch_and_cw_on_last():
    # FT = LC = OC = tp_0: 3 x 22.5 = 67.5; CW tp_3 22.5; middle 10 over tp_1, tp_2 -> 5 each.
    journey = journey_at(1, 2, 3, 4)
    opp = opportunity(created=1.5, lead=1.2, status="won", end=4)
    assert_weights(attribute("full_path", journey, opp), [0.675, 0.05, 0.05, 0.225])


def test_full_path_with_four_distinct_milestones_and_no_middle():
    # FT tp_0, LC tp_1, OC tp_2, CW tp_3: 22.5 + 10/4 = 25 each.
    journey = journey_at(1, 2, 3, 4)
    opp = opportunity(created=3, lead=2, status="won", end=4)
    assert_weights(attribute("full_path", journey, opp), [0.25, 0.25, 0.25, 0.25])


@pytest.mark.parametrize("model", MILESTONE_MODELS)
def test_milestone_models_with_one_touch_give_it_everything(model):
    opp = opportunity(created=2, lead=1.5, status="won", end=2)
    assert_weights(attribute(model, journey_at(1), opp), [1.0])


def test_milestone_models_honour_custom_shares():
    # U with FT 50, LC 30, middle 20; LC missing -> FT 50 * 80/50 = 80, L = FT, middle 20 on FT.
    journey = journey_at(10, 20)
    opp = opportunity(created=25, lead=5, end=40)
    params = Params(u_shaped_ft=0.5, u_shaped_lc=0.3)
    assert_weights(attribute("u_shaped", journey, opp, params), [1.0, 0.0])
    # W with FT 20, LC 20, OC 40, middle 20: FT = LC tp_0, OC tp_2, middle on tp_1.
    journey = journey_at(1, 2, 3)
    opp = opportunity(created=3, lead=1, end=5)
    params = Params(w_shaped_ft=0.2, w_shaped_lc=0.2, w_shaped_oc=0.4)
    assert_weights(attribute("w_shaped", journey, opp, params), [0.4, 0.2, 0.4])


# --------------------------------------------------------------------------- time decay


def test_time_decay_two_touches_one_half_life_apart():
    # d = 7 and 0 days, H = 7: 2^-1 = 0.5 and 1 -> 0.5/1.5 = 1/3, 1/1.5 = 2/3.
    journey = journey_at(3, 10)
    opp = opportunity(created=5, lead=1, status="won", end=10)
    assert_weights(attribute("time_decay", journey, opp), [1 / 3, 2 / 3])


def test_time_decay_ignores_gap_between_last_touch_and_journey_end():
    # d = 107, 100, 93 days: ratios 1/4 : 1/2 : 1 whatever the common offset -> 1/7, 2/7, 4/7.
    journey = journey_at(3, 10, 17)
    opp = opportunity(created=5, lead=1, status="open", end=110)
    assert_weights(attribute("time_decay", journey, opp), [1 / 7, 2 / 7, 4 / 7])


def test_time_decay_uses_fractional_days_and_custom_half_life():
    # 12 hours apart, H = 1 day: 2^-0.5 and 1 -> 1/(1 + sqrt 2), sqrt 2/(1 + sqrt 2).
    journey = journey_at(1, 1.5)
    opp = opportunity(created=2, lead=1, end=3)
    root2 = math.sqrt(2)
    assert_weights(
        attribute("time_decay", journey, opp, Params(half_life_days=1.0)),
        [1 / (1 + root2), root2 / (1 + root2)],
    )


def test_time_decay_does_not_underflow_far_from_journey_end():
    # H = 0.01 day, last touch 300 days before the as-of: 2^-30000 underflows in
    # absolute terms, but relative to the latest touch the weights are 2^-100 and 1.
    journey = journey_at(0, 1)
    opp = opportunity(created=1, lead=0, status="open", end=301)
    weights = attribute("time_decay", journey, opp, Params(half_life_days=0.01))
    assert_weights(weights, [2.0**-100 / (1 + 2.0**-100), 1 / (1 + 2.0**-100)])
    assert weights[0] > 0


def test_time_decay_ties_split_equally():
    journey = [touch("a", 5), touch("b", 5)]
    assert_weights(
        attribute("time_decay", journey, opportunity(created=5, lead=1)), [0.5, 0.5]
    )


# --------------------------------------------------------------------------- empty journeys and errors


@pytest.mark.parametrize("model", RULE_BASED_MODELS)
def test_empty_journey_gets_no_touch_weights_and_one_unattributed_row(model):
    opp = opportunity(created=10, lead=5)
    assert attribute(model, [], opp) == []
    assert attribution_rows(model, [], opp) == [(None, EMPTY_JOURNEY_CHANNEL, 1.0)]
    assert EMPTY_JOURNEY_CHANNEL == "(unattributed)"


def test_attribution_rows_pair_touches_with_weights():
    journey = journey_at(3, 10, channels=("email", "direct"))
    opp = opportunity(created=5, lead=1, status="won", end=10)
    assert attribution_rows("linear", journey, opp) == [
        ("tp_0", "email", 0.5),
        ("tp_1", "direct", 0.5),
    ]


def test_unknown_model_is_rejected():
    with pytest.raises(ValueError, match="unknown"):
        attribute("markov", journey_at(1), opportunity(created=2, lead=1))


def test_unordered_journey_is_rejected():
    with pytest.raises(AssertionError):
        attribute(
            "linear", [touch("b", 2), touch("a", 1)], opportunity(created=2, lead=1)
        )


# --------------------------------------------------------------------------- properties

CHANNELS = ("direct", "paid_search", "email", "organic_search", "events")
MINUTES_PER_DAY = 1440


@st.composite
def scenarios(draw):
    """A random opportunity and candidate touches around its window, with ties and
    touches exactly on the window edges and milestone moments."""
    status = draw(st.sampled_from(["won", "lost", "open"]))
    created_at = T0 + timedelta(minutes=draw(st.integers(0, 30 * MINUTES_PER_DAY)))
    journey_end = created_at + timedelta(
        minutes=draw(st.integers(0, 200 * MINUTES_PER_DAY))
    )
    lead_created_at = draw(
        st.one_of(
            st.none(),
            st.integers(-400 * MINUTES_PER_DAY, 200 * MINUTES_PER_DAY).map(
                lambda m: created_at + timedelta(minutes=m)
            ),
        )
    )
    opp = Opportunity(
        opportunity_id="opp",
        created_at=created_at,
        closed_at=None if status == "open" else journey_end,
        is_won=status == "won",
        lead_created_at=lead_created_at,
        journey_end=journey_end,
    )
    special = [created_at - timedelta(days=365), created_at, journey_end]
    if lead_created_at is not None:
        special.append(lead_created_at)
    moment = st.one_of(
        st.sampled_from(special),
        # A coarse grid (whole days) makes ties on occurred_at frequent.
        st.integers(-380, 200).map(lambda d: created_at + timedelta(days=d)),
        st.integers(-380 * MINUTES_PER_DAY, 200 * MINUTES_PER_DAY).map(
            lambda m: created_at + timedelta(minutes=m)
        ),
    )
    n = draw(st.integers(1, 30))
    ids = draw(st.permutations(range(n)))
    candidates = [
        Touch(f"tp_{ids[i]}", draw(moment), draw(st.sampled_from(CHANNELS)))
        for i in range(n)
    ]
    return candidates, opp


def expected_single_touch_index(model: str, journey: list[Touch], found: dict) -> int:
    if model == "first_touch":
        return 0
    if model == "lead_creation":
        return found["LC"] if found["LC"] is not None else 0
    if model == "opportunity_creation":
        return found["OC"] if found["OC"] is not None else 0
    if model == "last_touch":
        return len(journey) - 1
    non_direct = [i for i, t in enumerate(journey) if t.channel != "direct"]
    return non_direct[-1] if non_direct else len(journey) - 1


@settings(max_examples=150, deadline=None)
@given(scenarios())
def test_journeys_are_ordered_and_inside_the_window(scenario):
    candidates, opp = scenario
    journey = build_journey(candidates, opp)
    start = opp.created_at - timedelta(days=365)
    assert journey == sorted(journey, key=lambda t: (t.occurred_at, t.touchpoint_id))
    assert {t.touchpoint_id for t in journey} == {
        t.touchpoint_id for t in candidates if start <= t.occurred_at <= opp.journey_end
    }


@settings(max_examples=150, deadline=None)
@given(scenarios())
def test_milestones_are_the_last_touch_at_or_before_their_moment(scenario):
    candidates, opp = scenario
    journey = build_journey(candidates, opp)
    found = milestones(journey, opp)
    moments = {
        "LC": opp.lead_created_at,
        "OC": opp.created_at,
        "CW": opp.closed_at if opp.is_won else None,
    }
    if journey:
        assert found["FT"] == 0
    for key, moment in moments.items():
        index = found[key]
        if index is None:
            assert moment is None or not journey or journey[0].occurred_at > moment
        else:
            assert journey[index].occurred_at <= moment
            assert index == len(journey) - 1 or journey[index + 1].occurred_at > moment
    if opp.is_won and journey:
        assert found["CW"] == len(journey) - 1  # journey_end = closed_at


@settings(max_examples=150, deadline=None)
@given(scenarios())
def test_every_model_gives_weights_in_unit_interval_summing_to_one(scenario):
    candidates, opp = scenario
    journey = build_journey(candidates, opp)
    for model in RULE_BASED_MODELS:
        weights = attribute(model, journey, opp)
        if not journey:
            assert weights == []
            continue
        assert len(weights) == len(journey)
        assert all(0.0 <= w <= 1.0 for w in weights)
        assert abs(math.fsum(weights) - 1.0) <= 1e-12
        if model != "time_decay":
            assert sum(attribute_exact(model, journey, opp)) == 1


@settings(max_examples=150, deadline=None)
@given(scenarios())
def test_milestone_models_give_nothing_after_the_last_milestone(scenario):
    candidates, opp = scenario
    journey = build_journey(candidates, opp)
    if not journey:
        return
    for model in MILESTONE_MODELS:
        weights = attribute_exact(model, journey, opp)
        last = milestone_last_index(model, journey, opp)
        assert last is not None
        assert all(w == 0 for w in weights[last + 1 :])
        assert all(w > 0 for w in weights[: last + 1])


@settings(max_examples=150, deadline=None)
@given(scenarios())
def test_single_touch_models_put_everything_on_one_touch(scenario):
    candidates, opp = scenario
    journey = build_journey(candidates, opp)
    if not journey:
        return
    found = milestones(journey, opp)
    for model in (
        "first_touch",
        "lead_creation",
        "opportunity_creation",
        "last_touch",
        "last_non_direct",
    ):
        expected = [0.0] * len(journey)
        expected[expected_single_touch_index(model, journey, found)] = 1.0
        assert attribute(model, journey, opp) == expected


@settings(max_examples=150, deadline=None)
@given(scenarios())
def test_linear_position_and_time_decay_shapes(scenario):
    candidates, opp = scenario
    journey = build_journey(candidates, opp)
    n = len(journey)
    if n == 0:
        return
    assert attribute_exact("linear", journey, opp) == [Fraction(1, n)] * n
    for model in POSITION_MODELS:
        weights = attribute_exact(model, journey, opp)
        if n >= 3:
            assert len(set(weights[1:-1])) == 1  # the middle is split equally
    decay = attribute("time_decay", journey, opp)
    # Later touches weigh at least as much as earlier ones.
    assert all(a <= b for a, b in itertools.pairwise(decay))
