"""What the Salesforce and HubSpot shapes share: the selling company's sales team, the file
rows of a CRM table (live records plus deleted copies), the deal stage history and expected
close, the Fivetran sync columns, the web touches the CRM does not hold and the assembly of a
shape's files. Random streams keep their names, so the same arguments give the same bytes."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from attribution_kit import generate as gen

DAY = gen.DAY
WEB_TOUCHPOINTS_TABLE = "touchpoints"

# The sales team: account executives own accounts, deals and meetings; SDRs send emails and call.
ACCOUNT_EXECUTIVES = (
    "Dana Whitfield",
    "Marcus Lindqvist",
    "Priya Raman",
    "Tomás Ferreira",
    "Hannah Okafor",
    "Lena Brandt",
    "Kenji Watanabe",
    "Sofia Marchetti",
    "Owen Gallagher",  # left the company: inactive, still owns his accounts
)
SDRS = ("Ava Mitchell", "Noah Becker", "Chloe Dubois", "Samir Haddad")
INACTIVE_USERS = ("Owen Gallagher",)
USERS = ACCOUNT_EXECUTIVES + SDRS
USER_DOMAIN = "example.com"

MEETING_SUBJECTS = ("Demo", "Discovery meeting", "Pricing review", "Executive briefing", "Onboarding plan")
OPPORTUNITY_NAME_SUFFIX = ("New Business", "Expansion", "Renewal")
DELETED_SHARE = 0.003  # deleted copies per table (at least one)


@dataclass
class Rows:
    """The file rows of one table: the live record each row copies, its id number, and
    whether it is a deleted copy (is_deleted, or hard-deleted: _fivetran_deleted)."""

    src: np.ndarray
    number: np.ndarray
    deleted: np.ndarray
    hard_deleted: np.ndarray

    def __len__(self) -> int:
        return len(self.src)


def with_deleted_copies(n_live: int, rng: np.random.Generator, dirty: bool) -> Rows:
    """Live records 0..n-1 in order, plus (when dirty) deleted copies with ids of their own
    at random places; every other copy is hard-deleted."""
    if not dirty or n_live == 0:
        return Rows(np.arange(n_live), np.arange(n_live), np.zeros(n_live, bool), np.zeros(n_live, bool))
    k = gen._n_dirty(n_live, DELETED_SHARE)
    copied = rng.integers(0, n_live, k)
    position = np.r_[2 * np.arange(n_live), 2 * np.sort(rng.integers(0, n_live, k)) + 1]
    order = np.argsort(position, kind="stable")
    deleted = np.r_[np.zeros(n_live, bool), np.ones(k, bool)]
    hard = np.r_[np.zeros(n_live, bool), np.arange(k) % 2 == 1]
    return Rows(
        src=np.r_[np.arange(n_live), copied][order],
        number=np.r_[np.arange(n_live), n_live + np.arange(k)][order],
        deleted=deleted[order],
        hard_deleted=hard[order],
    )


def live_rows(n: int) -> Rows:
    return with_deleted_copies(n, np.random.default_rng(0), dirty=False)


def timestamp_text(t: np.ndarray, fmt: str, missing: np.ndarray | None = None) -> pa.Array:
    t = np.asarray(t, dtype=np.int64)
    missing = t < 0 if missing is None else missing
    return pc.strftime(pa.array(t.astype("datetime64[s]"), mask=missing), format=fmt)


def make_account_owners(ds: gen.Dataset) -> np.ndarray:
    rng = gen._rng(ds.seed, "salesforce-owners")
    return rng.integers(0, len(ACCOUNT_EXECUTIVES), len(ds.accounts))


@dataclass
class StageHistory:
    opportunity: np.ndarray
    stage: np.ndarray  # index into gen.STAGE_NAMES
    previous_stage: np.ndarray  # -1 on the first row
    at: np.ndarray

    def __len__(self) -> int:
        return len(self.opportunity)


def make_stage_history(ds: gen.Dataset) -> StageHistory:
    """Stage changes: the first open stage at creation, more open stages on the way, the
    closing stage at the exact close time; an open deal ends in its current stage."""
    rng = gen._rng(ds.seed, "salesforce-stage-history")
    opps = ds.opportunities
    m = len(opps)
    n_open_stages = len(gen.OPEN_STAGES)
    closed = opps.is_closed
    open_steps = np.where(closed, 1 + rng.integers(0, n_open_stages, m), opps.stage - 1)
    steps = open_steps + closed
    opp = np.repeat(np.arange(m), steps)
    step = np.arange(len(opp)) - np.repeat(np.cumsum(steps) - steps, steps)
    is_closing = closed[opp] & (step == open_steps[opp])
    stage = np.where(is_closing, opps.stage[opp], 2 + step).astype(np.int8)
    end = np.where(closed, opps.closed, ds.as_of)[opp]
    start = opps.created[opp]
    fraction = np.where(step == 0, 0.0, (step + rng.random(len(opp))) / open_steps[opp])
    at = np.where(is_closing, end, start + (fraction * (end - start)).astype(np.int64))
    previous = np.where(step == 0, -1, np.r_[-1, stage[:-1]])
    order = np.lexsort((step, opp, at))
    return StageHistory(opp[order], stage[order], previous[order], at[order])


def expected_close(ds: gen.Dataset) -> np.ndarray:
    """Close time of a closed deal; an open deal's expected close (some already overdue)."""
    rng = gen._rng(ds.seed, "salesforce-expected-close")
    opps = ds.opportunities
    m = len(opps)
    future = ds.as_of + gen._days(rng.uniform(5, 150, m))
    overdue = gen._uniform_between(rng, opps.created + 7 * DAY, np.full(m, ds.as_of - DAY))
    can_be_overdue = opps.created + 7 * DAY < ds.as_of - DAY
    expected = np.where(can_be_overdue & (rng.random(m) < 0.15), overdue, future)
    return np.where(opps.is_closed, opps.closed, expected)


def fivetran_synced(as_of: int, number: np.ndarray) -> np.ndarray:
    """_fivetran_synced of a row: a few hours after the as-of time, spread by its id number."""
    return as_of + 3 * 3600 + (number * 7919) % 3600


@dataclass
class ShapeTable:
    """One CRM table: its file rows and the builder of its columns."""

    name: str
    rows: Rows
    build: Callable[[np.ndarray], dict[str, pa.Array]]  # live record indices -> columns


def web_touchpoints_spec(
    ds: gen.Dataset,
    in_crm: np.ndarray,
    contact_ids: pa.Array,
    account_ids: pa.Array,
    campaign_ids: pa.Array | None,
) -> gen.TableSpec:
    """The touches the CRM does not hold (in_crm false, per touch), in the input contract's
    touchpoints format with the CRM's ids (campaign_id empty when campaign_ids is None)."""
    contract = next(spec for spec in gen.table_specs(ds) if spec.name == WEB_TOUCHPOINTS_TABLE)
    tch = ds.touches
    src = ds.touch_rows["src"]
    written = np.flatnonzero(~in_crm[src])

    def build(lo: int, hi: int) -> dict[str, pa.Array]:
        rows = written[lo:hi]
        first, last = (int(rows[0]), int(rows[-1]) + 1) if len(rows) else (0, 0)
        columns = contract.build(first, last)
        keep = pa.array(np.isin(np.arange(first, last), rows))
        columns = {name: pc.filter(values, keep) for name, values in columns.items()}
        touch = src[rows]
        columns["contact_id"] = gen._take(contact_ids, tch.contact[touch])
        columns["account_id"] = gen._take(account_ids, tch.account[touch])
        if campaign_ids is None:
            columns["campaign_id"] = pa.nulls(len(rows), pa.string())
        else:
            columns["campaign_id"] = gen._take(campaign_ids, tch.campaign[touch])
        return columns

    return gen.TableSpec(WEB_TOUCHPOINTS_TABLE, len(written), build)


def shape_specs(
    tables: Iterable[ShapeTable],
    table_spec: Callable[[ShapeTable], gen.TableSpec],
    table_schema: Callable[[str], pa.Schema],
    web_touchpoints: Callable[[], gen.TableSpec] | None,
) -> list[tuple[gen.TableSpec, pa.Schema | None]]:
    """Chunk builders and schemas of every file of a shape (the web touchpoints, when asked
    for, in the contract's schema)."""
    specs: list[tuple[gen.TableSpec, pa.Schema | None]] = [
        (table_spec(table), table_schema(table.name)) for table in tables
    ]
    if web_touchpoints is not None:
        specs.append((web_touchpoints(), None))
    return specs
