"""Dirty rows: the defective rows the project must reject, added after the truth is computed."""

from __future__ import annotations

import numpy as np

from attribution_kit.generate.draws import _rng, _uniform_between
from attribution_kit.generate.records import Dataset
from attribution_kit.generate.vocabulary import ROLES, ST


def _n_dirty(n: int, share: float) -> int:
    return max(1, int(round(share * n))) if n else 0


def touch_row_layout(n_valid: int, seed: int, dirty: bool) -> dict[str, np.ndarray]:
    """File rows of the touchpoints table: valid rows in time order, exact duplicates right after
    their original and extra rows with an unparseable occurred_at at random places."""
    if not dirty:
        return {"src": np.arange(n_valid), "bad": np.zeros(n_valid, bool), "number": np.arange(n_valid)}
    rng = _rng(seed, "dirty-touches")
    n_dup, n_bad = _n_dirty(n_valid, 0.0015), _n_dirty(n_valid, 0.001)
    dup_src = np.sort(rng.choice(n_valid, n_dup, replace=False))
    bad_src = rng.integers(0, n_valid, n_bad)
    bad_pos = np.sort(rng.integers(0, n_valid, n_bad))
    src = np.r_[np.arange(n_valid), dup_src, bad_src]
    position = np.r_[2 * np.arange(n_valid), 2 * dup_src + 1, 2 * bad_pos + 1]
    number = np.r_[np.arange(n_valid), dup_src, n_valid + np.arange(n_bad)]
    bad = np.r_[np.zeros(n_valid + n_dup, bool), np.ones(n_bad, bool)]
    order = np.argsort(position, kind="stable")
    return {"src": src[order], "bad": bad[order], "number": number[order]}


def _interleave(n: int, after: np.ndarray) -> np.ndarray:
    """The order that puts extra row j right after row after[j] (after sorted or not)."""
    at = np.r_[2 * np.arange(n), 2 * after + 1]
    return np.argsort(at, kind="stable")


def lifecycle_rows(ds: Dataset) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Lifecycle events as written: with ``dirty``, events of an unknown stage ("nurture") added."""
    life = ds.lifecycle
    life_contact, life_stage, life_time = life["contact"], life["stage"], life["time"]
    if not ds.dirty:
        return life_contact, life_stage, life_time
    n_life, con = len(life_contact), ds.contacts
    rng = _rng(ds.seed, "dirty-lifecycle")
    k = _n_dirty(n_life, 0.002)
    pos = np.sort(rng.integers(0, n_life, k))
    extra_contact = rng.integers(0, len(con), k)
    extra_time = _uniform_between(rng, con.created[extra_contact], np.full(k, ds.as_of))
    order = _interleave(n_life, pos)
    return (
        np.r_[life_contact, extra_contact][order],
        np.r_[life_stage, np.full(k, ST["nurture"], np.int8)][order],
        np.r_[life_time, extra_time][order],
    )


def contact_role_rows(ds: Dataset) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Contact roles as written: with ``dirty``, orphan roles of no such opportunity added."""
    role_opp, role_contact = ds.roles["opp"], ds.roles["contact"]
    role_role, role_primary = ds.roles["role"], ds.roles["primary"]
    if not ds.dirty:
        return role_opp, role_contact, role_role, role_primary
    rng = _rng(ds.seed, "dirty-roles")
    n_roles = len(role_opp)
    k = _n_dirty(n_roles, 0.002)
    order = _interleave(n_roles, np.sort(rng.integers(0, n_roles, k)))
    no_such_opportunity = len(ds.opportunities) + 50_000 + np.arange(k)
    return (
        np.r_[role_opp, no_such_opportunity][order],
        np.r_[role_contact, rng.integers(0, len(ds.contacts), k)][order],
        np.r_[role_role, rng.integers(0, len(ROLES), k).astype(np.int8)][order],
        np.r_[role_primary, np.ones(k, bool)][order],
    )


def ad_spend_rows(ds: Dataset) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Ad spend as written: with ``dirty``, copies of rows with a negative amount added."""
    spend = ds.ad_spend
    spend_campaign, spend_day, spend_amount = spend["campaign"], spend["day"], spend["amount"]
    if not ds.dirty:
        return spend_campaign, spend_day, spend_amount
    rng = _rng(ds.seed, "dirty-spend")
    n_spend = len(spend_campaign)
    k = _n_dirty(n_spend, 0.002)
    src = rng.integers(0, n_spend, k)
    order = _interleave(n_spend, src)
    return (
        np.r_[spend_campaign, spend_campaign[src]][order],
        np.r_[spend_day, spend_day[src]][order],
        np.r_[spend_amount, -np.round(rng.uniform(10, 500, k), 2)][order],
    )
