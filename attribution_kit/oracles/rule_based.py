"""Independent oracle for the rule-based attribution models (SPEC sections 3 and 4).

Written from the spec alone, in plain Python, to check the SQL models. It favours
being obviously correct over being fast: every rule is a short loop over one
journey, and every share that is a rational number is computed exactly with
``fractions.Fraction`` (only ``time_decay`` uses floats, because 2^x is not
rational). Weights are returned as floats.

Grain: one call handles one opportunity. ``build_journey`` turns the candidate
touches of the opportunity's scope into its ordered journey, ``milestones``
finds FT / LC / OC / CW in it and ``attribute`` gives one weight per journey
touch for a model. An empty journey gets no weights here; the marts give it one
row with channel ``EMPTY_JOURNEY_CHANNEL`` and weight 1 (see ``attribution_rows``).

Choices where the spec leaves room are documented next to the code that makes
them (search for "Choice:").
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from fractions import Fraction

EMPTY_JOURNEY_CHANNEL = "(unattributed)"

MILESTONE_KEYS = ("FT", "LC", "OC", "CW")

SINGLE_TOUCH_MODELS = (
    "first_touch",
    "lead_creation",
    "opportunity_creation",
    "last_touch",
    "last_non_direct",
)
POSITION_MODELS = ("position_based", "j_shaped", "inverse_j")
MILESTONE_MODELS = ("u_shaped", "w_shaped", "full_path")
# The milestones each milestone model credits.
MODEL_MILESTONES = {
    "u_shaped": ("FT", "LC"),
    "w_shaped": ("FT", "LC", "OC"),
    "full_path": ("FT", "LC", "OC", "CW"),
}
RULE_BASED_MODELS = (
    *SINGLE_TOUCH_MODELS,
    "linear",
    *POSITION_MODELS,
    *MILESTONE_MODELS,
    "time_decay",
)


@dataclass(frozen=True)
class Touch:
    touchpoint_id: str
    occurred_at: datetime
    channel: str


@dataclass(frozen=True)
class Opportunity:
    opportunity_id: str
    created_at: datetime
    closed_at: datetime | None
    is_won: bool
    # Earliest, over the scope's contacts, of their earliest `lead` event else
    # their created_at. None when the scope has no contact.
    lead_created_at: datetime | None
    # closed_at for closed opportunities, the as-of time for open ones.
    journey_end: datetime


@dataclass(frozen=True)
class Params:
    """Model parameters; defaults are those of SPEC section 4.

    Middle shares are not parameters: they are 1 minus the model's other shares.
    """

    position_first: float = 0.4
    position_last: float = 0.4
    j_shaped_first: float = 0.2
    j_shaped_last: float = 0.6
    inverse_j_first: float = 0.6
    inverse_j_last: float = 0.2
    u_shaped_ft: float = 0.4
    u_shaped_lc: float = 0.4
    w_shaped_ft: float = 0.3
    w_shaped_lc: float = 0.3
    w_shaped_oc: float = 0.3
    full_path_ft: float = 0.225
    full_path_lc: float = 0.225
    full_path_oc: float = 0.225
    full_path_cw: float = 0.225
    half_life_days: float = 7.0
    direct_channels: tuple[str, ...] = ("direct",)


def _exact(share: float | Fraction) -> Fraction:
    """The decimal a user typed (0.4), not its binary float approximation."""
    value = Fraction(str(share))
    assert 0 <= value <= 1, f"share {share} outside [0, 1]"
    return value


def _check_journey(journey: list[Touch], opp: Opportunity) -> None:
    keys = [(t.occurred_at, t.touchpoint_id) for t in journey]
    assert keys == sorted(keys), (
        "journey must be ordered by (occurred_at, touchpoint_id)"
    )
    assert len({t.touchpoint_id for t in journey}) == len(journey), (
        "duplicate touchpoint_id"
    )
    assert all(t.occurred_at <= opp.journey_end for t in journey), (
        "touch after journey_end"
    )


# --------------------------------------------------------------------------- journeys


def build_journey(
    candidates: list[Touch], opp: Opportunity, lookback_days: int = 365
) -> list[Touch]:
    """Touches inside [created_at - lookback_days, journey_end], both ends included,
    ordered by occurred_at then touchpoint_id (text order)."""
    assert len({t.touchpoint_id for t in candidates}) == len(candidates), (
        "duplicate touchpoint_id"
    )
    window_start = opp.created_at - timedelta(days=lookback_days)
    kept = [t for t in candidates if window_start <= t.occurred_at <= opp.journey_end]
    return sorted(kept, key=lambda t: (t.occurred_at, t.touchpoint_id))


def _last_at_or_before(journey: list[Touch], moment: datetime) -> int | None:
    found = None
    for i, touch in enumerate(journey):
        if touch.occurred_at <= moment:
            found = i
    return found


def milestones(journey: list[Touch], opp: Opportunity) -> dict[str, int | None]:
    """Index into the journey of each milestone; None when it is missing."""
    _check_journey(journey, opp)
    if not journey:
        return dict.fromkeys(MILESTONE_KEYS)
    lc = (
        None
        if opp.lead_created_at is None
        else _last_at_or_before(journey, opp.lead_created_at)
    )
    # Choice: CW needs a won opportunity with a closed_at; a won row without
    # closed_at (rejected upstream) would simply have no CW.
    cw = None
    if opp.is_won and opp.closed_at is not None:
        cw = _last_at_or_before(journey, opp.closed_at)
    return {
        "FT": 0,
        "LC": lc,
        "OC": _last_at_or_before(journey, opp.created_at),
        "CW": cw,
    }


# --------------------------------------------------------------------------- models


def _one_hot(n: int, index: int) -> list[Fraction]:
    return [Fraction(1) if i == index else Fraction(0) for i in range(n)]


def _position_weights(n: int, first: Fraction, last: Fraction) -> list[Fraction]:
    assert first + last <= 1, "first + last shares exceed 1"
    if n == 1:
        return [Fraction(1)]
    if n == 2:
        # Choice: if both end shares are 0 there is nothing to renormalise;
        # split 50/50 (only reachable with non-default vars).
        if first + last == 0:
            return [Fraction(1, 2), Fraction(1, 2)]
        return [first / (first + last), last / (first + last)]
    # Choice: "the others" / "middle" = every touch strictly between the first
    # and the last journey position (n - 2 touches), whatever their time or channel.
    middle = (1 - first - last) / (n - 2)
    return [first] + [middle] * (n - 2) + [last]


def _milestone_model_shares(model: str, params: Params) -> dict[str, Fraction]:
    if model == "u_shaped":
        shares = {"FT": params.u_shaped_ft, "LC": params.u_shaped_lc}
    elif model == "w_shaped":
        shares = {
            "FT": params.w_shaped_ft,
            "LC": params.w_shaped_lc,
            "OC": params.w_shaped_oc,
        }
    else:
        shares = {
            "FT": params.full_path_ft,
            "LC": params.full_path_lc,
            "OC": params.full_path_oc,
            "CW": params.full_path_cw,
        }
    return {key: _exact(value) for key, value in shares.items()}


def milestone_last_index(
    model: str, journey: list[Touch], opp: Opportunity
) -> int | None:
    """L of SPEC section 4: latest journey index holding a present milestone of the model."""
    found = milestones(journey, opp)
    present = [found[key] for key in MODEL_MILESTONES[model] if found[key] is not None]
    return max(present) if present else None


def _milestone_weights(
    journey: list[Touch],
    opp: Opportunity,
    shares: dict[str, Fraction],
    credited: list[bool] | None = None,
) -> list[Fraction]:
    n = len(journey)
    found = milestones(journey, opp)
    # The model's present milestones only: for u_shaped, OC and CW are not
    # milestones at all, so their touches count as ordinary (middle) touches.
    present = {key: found[key] for key in shares if found[key] is not None}
    assert present, "FT is present in every non-empty journey"
    milestone_total = sum(shares.values())
    assert milestone_total <= 1, "milestone shares exceed 1"
    middle_share = 1 - milestone_total

    # Missing milestones' shares go to the present ones in proportion to their
    # shares: scale the present shares so they add up to the full milestone total.
    present_total = sum(shares[key] for key in present)
    weights = [Fraction(0)] * n
    for key, index in present.items():
        if present_total == 0:
            # Choice: proportional split of nothing is undefined; split equally
            # (only reachable with non-default vars, e.g. FT share 0).
            weights[index] += milestone_total / len(present)
        else:
            weights[index] += shares[key] * milestone_total / present_total

    last = max(present.values())  # L
    milestone_indexes = set(present.values())
    # With path transforms only the credited touches are middle touches; the
    # milestone touches keep their shares whether credited or not.
    middle_indexes = [
        i
        for i in range(last + 1)
        if i not in milestone_indexes and (credited is None or credited[i])
    ]
    if middle_indexes:
        for i in middle_indexes:
            weights[i] += middle_share / len(middle_indexes)
    else:
        # One portion per present milestone, so a touch holding two gets two.
        for index in present.values():
            weights[index] += middle_share / len(present)
    # Touches after L keep 0.
    return weights


def attribute_exact(
    model: str, journey: list[Touch], opp: Opportunity, params: Params | None = None
) -> list[Fraction]:
    """Exact weights of every rational model (all but time_decay)."""
    params = params or Params()
    _check_journey(journey, opp)
    if model not in RULE_BASED_MODELS:
        raise ValueError(f"unknown rule-based model {model!r}")
    if model == "time_decay":
        raise ValueError("time_decay weights are not rational; use attribute()")
    n = len(journey)
    if n == 0:
        return []
    found = milestones(journey, opp)

    if model == "first_touch":
        return _one_hot(n, 0)
    if model == "lead_creation":
        return _one_hot(n, found["LC"] if found["LC"] is not None else 0)
    if model == "opportunity_creation":
        return _one_hot(n, found["OC"] if found["OC"] is not None else 0)
    if model == "last_touch":
        return _one_hot(n, n - 1)
    if model == "last_non_direct":
        # Choice: channel names are compared exactly (they are the seed's
        # normalised names); fall back to the last touch when all are direct.
        non_direct = [
            i for i, t in enumerate(journey) if t.channel not in params.direct_channels
        ]
        return _one_hot(n, non_direct[-1] if non_direct else n - 1)
    if model == "linear":
        return [Fraction(1, n)] * n
    if model == "position_based":
        return _position_weights(
            n, _exact(params.position_first), _exact(params.position_last)
        )
    if model == "j_shaped":
        return _position_weights(
            n, _exact(params.j_shaped_first), _exact(params.j_shaped_last)
        )
    if model == "inverse_j":
        return _position_weights(
            n, _exact(params.inverse_j_first), _exact(params.inverse_j_last)
        )
    return _milestone_weights(journey, opp, _milestone_model_shares(model, params))


def _time_decay_weights(journey: list[Touch], half_life_days: float) -> list[float]:
    assert half_life_days > 0, "half_life_days must be positive"
    latest = journey[-1].occurred_at
    # 2^(-d/H) with d = days to journey_end; the common factor
    # 2^(-(journey_end - latest)/H) cancels in the normalisation, so measure d
    # from the latest touch: the latest touch gets 1 and nothing underflows to
    # an all-zero journey.
    raw = [
        2.0 ** (-((latest - t.occurred_at) / timedelta(days=1)) / half_life_days)
        for t in journey
    ]
    total = math.fsum(raw)
    return [value / total for value in raw]


def attribute(
    model: str, journey: list[Touch], opp: Opportunity, params: Params | None = None
) -> list[float]:
    """One weight per journey touch, in journey order; [] for an empty journey."""
    params = params or Params()
    if model == "time_decay":
        _check_journey(journey, opp)
        return _time_decay_weights(journey, params.half_life_days) if journey else []
    return [float(w) for w in attribute_exact(model, journey, opp, params)]


def attribution_rows(
    model: str, journey: list[Touch], opp: Opportunity, params: Params | None = None
) -> list[tuple[str | None, str, float]]:
    """(touchpoint_id, channel, weight) rows as the marts hold them: an empty
    journey gives one row with no touchpoint, channel "(unattributed)" and weight 1."""
    if not journey:
        return [(None, EMPTY_JOURNEY_CHANNEL, 1.0)]
    weights = attribute(model, journey, opp, params)
    return [
        (t.touchpoint_id, t.channel, w) for t, w in zip(journey, weights, strict=True)
    ]


# --------------------------------------------------------------------------- path transforms

PATH_TRANSFORMS = (
    "collapse_repeats",
    "unique_channels",
    "remove_if_not_all",
    "remove_if_last_and_not_all",
    "first_n",
    "last_n",
)
# Models whose weights come from milestone touches: the path transforms never
# take their milestone touches' credit (docs/path_transforms.md).
MILESTONE_TOUCH_MODELS = ("lead_creation", "opportunity_creation", *MILESTONE_MODELS)

PathTransform = str | dict[str, object]


def _transform_path(journey: list[Touch], path: list[int], name: str, argument: object) -> list[int]:
    """One transform: the journey indexes still on the path after it, in order."""
    channels = [journey[i].channel for i in path]
    if name == "collapse_repeats":
        return [i for k, i in enumerate(path) if k == 0 or channels[k - 1] != channels[k]]
    if name == "unique_channels":
        seen: set[str] = set()
        kept = []
        for i, channel in zip(path, channels, strict=True):
            if channel not in seen:
                seen.add(channel)
                kept.append(i)
        return kept
    if name in ("remove_if_not_all", "remove_if_last_and_not_all"):
        listed = set(argument)  # type: ignore[call-overload]
        if all(channel in listed for channel in channels):
            return path
        if name == "remove_if_not_all":
            return [i for i, channel in zip(path, channels, strict=True) if channel not in listed]
        kept = list(path)
        while journey[kept[-1]].channel in listed:
            kept.pop()
        return kept
    if name in ("first_n", "last_n"):
        count = int(argument)  # type: ignore[call-overload]
        assert count >= 1, f"{name} needs a count >= 1"
        return path[:count] if name == "first_n" else path[-count:]
    raise ValueError(f"unknown path transform {name!r}")


def credited_touches(journey: list[Touch], transforms: list[PathTransform]) -> list[bool]:
    """Per journey touch: is it on the path left by the transforms, applied in order?

    A transform is a name (collapse_repeats, unique_channels) or a one-key dict
    ({"first_n": 3}), as the var attribution_path_transforms holds them.
    """
    path = list(range(len(journey)))
    for transform in transforms:
        if isinstance(transform, str):
            name, argument = transform, None
        else:
            ((name, argument),) = transform.items()
        if name not in PATH_TRANSFORMS:
            raise ValueError(f"unknown path transform {name!r}")
        if path:
            path = _transform_path(journey, path, name, argument)
    kept = set(path)
    return [i in kept for i in range(len(journey))]


def attribute_transformed(
    model: str,
    journey: list[Touch],
    opp: Opportunity,
    transforms: list[PathTransform],
    params: Params | None = None,
) -> list[float]:
    """One weight per journey touch after the path transforms; 0 for a touch off the path.

    Models of a single touch, linear, the position family and time_decay
    weigh the transformed path as if it were the journey. The milestone models
    keep their milestone touches: lead_creation and opportunity_creation are
    unchanged; u_shaped, w_shaped and full_path give the milestones their
    shares and split the middle share over the credited non-milestone touches
    up to the last milestone (all of it to the milestones when there is none).
    """
    params = params or Params()
    if not journey:
        return []
    credited = credited_touches(journey, transforms)
    if model in ("lead_creation", "opportunity_creation"):
        return attribute(model, journey, opp, params)
    if model in MILESTONE_MODELS:
        shares = _milestone_model_shares(model, params)
        return [float(w) for w in _milestone_weights(journey, opp, shares, credited)]
    path = [touch for touch, kept in zip(journey, credited, strict=True) if kept]
    path_weights = iter(attribute(model, path, opp, params))
    return [next(path_weights) if kept else 0.0 for kept in credited]
