"""Small vectorised helpers: seeded random streams, draws by weight, groups and ranks."""

from __future__ import annotations

import zlib
from collections.abc import Sequence

import numpy as np

from attribution_kit.generate.vocabulary import DAY


def _rng(seed: int, stream: str) -> np.random.Generator:
    """An independent random stream per purpose, so parts do not shift each other."""
    return np.random.default_rng([int(seed), zlib.crc32(stream.encode())])


def _days(x: np.ndarray | float) -> np.ndarray:
    return np.round(np.asarray(x, dtype=np.float64) * DAY).astype(np.int64)


def _draw_rows(weights: np.ndarray, row: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Category per element, drawn from the weight row ``weights[row]`` with uniforms ``u``."""
    cum = np.cumsum(weights, axis=1)
    total = cum[:, -1:]
    cum = cum / np.where(total > 0, total, 1.0)  # all-zero rows are never drawn from
    out = np.zeros(len(row), dtype=np.int8)
    for j in range(weights.shape[1] - 1):
        out += u >= cum[row, j]
    return out


def _choice(rng: np.random.Generator, n: int, probs: Sequence[float]) -> np.ndarray:
    p = np.asarray(probs, dtype=np.float64)
    return rng.choice(len(p), size=n, p=p / p.sum()).astype(np.int8)


def _occurrence_rank(keys: np.ndarray) -> np.ndarray:
    """0 for the first occurrence of each key (in array order), 1 for the second, ..."""
    order = np.argsort(keys, kind="stable")
    sorted_keys = keys[order]
    starts = np.r_[True, sorted_keys[1:] != sorted_keys[:-1]]
    group_start = np.maximum.accumulate(np.where(starts, np.arange(len(keys)), 0))
    rank = np.empty(len(keys), dtype=np.int64)
    rank[order] = np.arange(len(keys)) - group_start
    return rank


def _csr(groups: np.ndarray, n_groups: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Members of each group: (members sorted by group, start pointer, count)."""
    members = np.argsort(groups, kind="stable")
    counts = np.bincount(groups, minlength=n_groups)
    ptr = np.cumsum(counts) - counts
    return members, ptr, counts


def _random_member(
    csr: tuple[np.ndarray, np.ndarray, np.ndarray], group: np.ndarray, u: np.ndarray
) -> np.ndarray:
    members, ptr, counts = csr
    k = np.minimum((u * counts[group]).astype(np.int64), counts[group] - 1)
    return members[ptr[group] + k]


def _uniform_between(rng: np.random.Generator, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    lo = np.asarray(lo, dtype=np.int64)
    span = np.maximum(np.asarray(hi, dtype=np.int64) - lo, 0)
    return lo + (rng.random(len(lo)) * span).astype(np.int64)


def parse_as_of(text: str) -> int:
    """'2026-06-30' or '2026-06-30 12:00:00' (UTC) to epoch seconds."""
    return int(np.datetime64(text.strip().replace(" ", "T"), "s").astype(np.int64))
