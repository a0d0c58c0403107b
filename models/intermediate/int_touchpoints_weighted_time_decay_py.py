"""time_decay weights, the Python engine. One row per opportunity x journey touchpoint.

Input: int_journey_touchpoints_transformed. The same rule as the SQL model
int_touchpoints_weighted_time_decay (weight proportional to 2^(-d/H), d in
days before the journey end, normalised per opportunity); the var
attribution_time_decay_engine chooses which one feeds the marts, and a test
checks they agree to 1e-9. With path transforms (docs/path_transforms.md) the
touches off the transformed path weigh 0 and d counts from the path's latest
touch.
"""

import numpy as np
import pyarrow as pa

SECONDS_PER_DAY = 86400.0


def decay_weights(
    seconds_before_latest: np.ndarray,
    journey: np.ndarray,
    half_life_days: float,
    credited: np.ndarray | None = None,
) -> np.ndarray:
    """Normalised 2^(-d/H) per journey; d counted from the path's latest touch (no underflow).

    Touches not `credited` (off the transformed path) weigh 0.
    """
    if credited is None:
        credited = np.ones(seconds_before_latest.shape, dtype=bool)
    raw = np.where(
        credited,
        np.exp2(-np.where(credited, seconds_before_latest, 0.0) / (half_life_days * SECONDS_PER_DAY)),
        0.0,
    )
    totals = np.bincount(journey, weights=raw)
    return raw / totals[journey]


def weights_table(journeys: pa.Table, half_life_days: float) -> pa.Table:
    opportunity_ids = journeys.column("opportunity_id").combine_chunks()
    journey = np.asarray(opportunity_ids.dictionary_encode().indices, dtype=np.int64)
    credited = np.asarray(journeys.column("is_credited").to_numpy(zero_copy_only=False), dtype=bool)
    seconds_column = journeys.column("seconds_before_latest_credited_touch")
    seconds = np.asarray(seconds_column.to_numpy(zero_copy_only=False), dtype=np.float64)
    weights = decay_weights(seconds, journey, half_life_days, credited)
    return pa.table(
        {
            "attribution_model": pa.array(["time_decay"] * journeys.num_rows, type=pa.string()),
            "opportunity_id": opportunity_ids,
            "touchpoint_id": journeys.column("touchpoint_id").combine_chunks(),
            "attribution_weight": pa.array(weights, type=pa.float64()),
        }
    )


def model(dbt, session):
    dbt.config(materialized="table")
    half_life_days = float(dbt.config.get("half_life_days"))
    journeys = (
        # Inputs are read sorted: the same rows in any stored order give the same bits.
        dbt.ref("int_journey_touchpoints_transformed")
        .select("opportunity_id, touchpoint_id, is_credited, seconds_before_latest_credited_touch")
        .order("opportunity_id, touchpoint_id")
        .arrow()
    )
    if isinstance(journeys, pa.RecordBatchReader):
        journeys = journeys.read_all()
    return weights_table(journeys, half_life_days)
