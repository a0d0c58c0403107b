"""shapley weights, the Python engine: the local view. One row per opportunity x journey touchpoint.

Inputs: int_journey_touchpoints_ordered (the touches and their channel),
int_journey_channel_sets (each opportunity's channel set) and
int_shapley_channel_values_py (phi per channel set x channel). The same rule
as the SQL model int_touchpoints_weighted_shapley: phi clipped at 0 (values
within ZERO_TOLERANCE of zero count as zero), normalised over the journey's
channels, split equally over each channel's touches; all zero falls back to
linear. The var attribution_shapley_engine chooses which engine feeds the
marts, and its attribution_relations_agree test checks they agree to 1e-9.
"""

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

ZERO_TOLERANCE = 1e-12


def shapley_matrix(
    phi_sets: np.ndarray, phi_channels: np.ndarray, phi_values: np.ndarray, channel_count: int
) -> tuple[np.ndarray, np.ndarray]:
    """Distinct sets (sorted) and a dense (set x channel code) matrix of phi, plus a last row of zeros."""
    sets, set_row = np.unique(phi_sets, return_inverse=True)
    matrix = np.zeros((sets.size + 1, channel_count), dtype=np.float64)
    matrix[set_row, phi_channels] = phi_values
    return sets, matrix


def matrix_rows(journey_sets: np.ndarray, sets: np.ndarray) -> np.ndarray:
    """Row of each journey's channel set in the matrix; the zero row when the set has no values."""
    if sets.size == 0:
        return np.zeros(journey_sets.shape, dtype=np.int64)
    row = np.minimum(np.searchsorted(sets, journey_sets), sets.size - 1)
    return np.where(sets[row] == journey_sets, row, sets.size)


def shapley_weights(journey: np.ndarray, channel: np.ndarray, phi: np.ndarray) -> np.ndarray:
    """Clip, normalise over the journey's channels, split over the channel's touches; all zero: linear.

    `journey` (0 .. journeys - 1) and `channel` (0 .. channels - 1) code each touch; `phi` is the
    Shapley value of the touch's channel in its journey's game.
    """
    clipped = np.where(phi > ZERO_TOLERANCE, phi, 0.0)
    journey_channel = journey * (int(channel.max(initial=0)) + 1) + channel
    channel_touches = np.bincount(journey_channel)[journey_channel]
    touch_value = clipped / channel_touches
    journey_value = np.bincount(journey, weights=touch_value)[journey]
    touch_count = np.bincount(journey)[journey]
    has_value = journey_value > 0
    return np.where(has_value, touch_value / np.where(has_value, journey_value, 1.0), 1.0 / touch_count)


def weights_table(touches: pa.Table, journey_sets: pa.Table, channel_values: pa.Table) -> pa.Table:
    opportunity_ids = touches.column("opportunity_id").combine_chunks()
    opportunities = opportunity_ids.dictionary_encode()
    journey = np.asarray(opportunities.indices, dtype=np.int64)
    channels = touches.column("channel").combine_chunks().dictionary_encode()
    channel = np.asarray(channels.indices, dtype=np.int64)
    # channel set of each journey (one lookup per opportunity, not per touch); -1 when it has none
    set_row = pc.index_in(
        opportunities.dictionary, value_set=journey_sets.column("opportunity_id").combine_chunks()
    )
    all_sets = np.asarray(journey_sets.column("channel_set").to_numpy(), dtype=np.int64)
    journey_set = np.where(
        np.asarray(set_row.is_valid()), all_sets[np.asarray(set_row.fill_null(0), dtype=np.int64)], -1
    )
    phi_channel = pc.index_in(channel_values.column("channel"), value_set=channels.dictionary)
    known = np.asarray(phi_channel.is_valid())
    sets, matrix = shapley_matrix(
        np.asarray(channel_values.column("channel_set").to_numpy(), dtype=np.int64)[known],
        np.asarray(phi_channel.fill_null(0), dtype=np.int64)[known],
        np.asarray(channel_values.column("shapley_value").to_numpy(), dtype=np.float64)[known],
        len(channels.dictionary),
    )
    phi = matrix[matrix_rows(journey_set, sets)[journey], channel]
    return pa.table(
        {
            "attribution_model": pa.repeat("shapley", touches.num_rows),
            "opportunity_id": opportunity_ids,
            "touchpoint_id": touches.column("touchpoint_id").combine_chunks(),
            "attribution_weight": pa.array(shapley_weights(journey, channel, phi), type=pa.float64()),
        }
    )


def read_arrow(relation) -> pa.Table:
    table = relation.arrow()
    return table.read_all() if isinstance(table, pa.RecordBatchReader) else table


def model(dbt, session):
    dbt.config(materialized="table")
    # Inputs are read sorted: the same rows in any stored order give the same bits.
    touches = read_arrow(
        dbt.ref("int_journey_touchpoints_ordered")
        .select("opportunity_id, touchpoint_id, channel")
        .order("opportunity_id, touchpoint_id")
    )
    journey_sets = read_arrow(
        dbt.ref("int_journey_channel_sets").select("opportunity_id, channel_set").order("opportunity_id")
    )
    channel_values = read_arrow(
        dbt.ref("int_shapley_channel_values_py")
        .select("channel_set, channel, shapley_value")
        .order("channel_set, channel")
    )
    return weights_table(touches, journey_sets, channel_values)
