"""Rendering integer codes as text: ids, labels, timestamps in several time-zone spellings."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from attribution_kit.generate.draws import _choice, _rng
from attribution_kit.generate.vocabulary import CASE_OVERRIDES, TZ_OFFSETS, TZ_PROBS, TZ_SUFFIXES


def _string_ids(prefix: str, numbers: np.ndarray, width: int) -> pa.Array:
    digits = pc.utf8_lpad(pc.cast(pa.array(np.asarray(numbers, dtype=np.int64) + 1), pa.string()), width, "0")
    return pc.binary_join_element_wise(prefix, digits, "")


def _width(n: int) -> int:
    return max(6, len(str(n)))


def _take(values: pa.Array, index: np.ndarray) -> pa.Array:
    """values[index], null where index < 0."""
    index = np.asarray(index, dtype=np.int64)
    return pc.take(values, pa.array(index, mask=index < 0))


def _codes(labels: Sequence[str], codes: np.ndarray) -> pa.Array:
    return _take(pa.array(list(labels), pa.string()), codes)


def _timestamps(t: np.ndarray, variant: np.ndarray, missing: np.ndarray | None = None) -> pa.Array:
    """ISO 8601 text: 'YYYY-MM-DD HH:MM:SS' in UTC, or the same instant with 'T' and a 'Z' or an offset."""
    t = np.asarray(t, dtype=np.int64)
    missing = np.zeros(len(t), bool) if missing is None else np.asarray(missing, bool)
    text = pc.cast(pa.array(t.astype("datetime64[s]"), mask=missing), pa.string())
    shifted = (variant > 0) & ~missing
    if not shifted.any():
        return text
    index = np.flatnonzero(shifted)
    local = t[index] + TZ_OFFSETS[variant[index]]
    local_text = pc.replace_substring(pc.cast(pa.array(local.astype("datetime64[s]")), pa.string()), " ", "T")
    replacement = pc.binary_join_element_wise(local_text, _codes(TZ_SUFFIXES, variant[index]), "")
    return pc.replace_with_mask(text, pa.array(shifted), replacement)


def _tz_variants(seed: int, table: str, n: int) -> np.ndarray:
    return _choice(_rng(seed, f"tz-{table}"), n, TZ_PROBS)


def _case_dictionary(values: Sequence[str]) -> pa.Array:
    """values, then their Capitalised forms, then UPPER case."""
    capital = [CASE_OVERRIDES.get(v, v.capitalize()) for v in values]
    return pa.array(list(values) + capital + [v.upper() for v in values], pa.string())
