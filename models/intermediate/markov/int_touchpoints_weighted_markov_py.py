"""markov weights, the Python engine. One row per opportunity x journey touchpoint.

Inputs: int_journey_touchpoints_ordered and int_markov_removal_effects_py. The same rule as
the SQL model int_touchpoints_weighted_markov: the removal effects of the journey's
distinct channels, normalised to shares that sum to 1, each channel's share split equally
over its touches; a journey whose channels all have RE 0 falls back to linear (1/n).
"""

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc


def markov_weights(journey: np.ndarray, channel: np.ndarray, channel_effect: np.ndarray) -> np.ndarray:
    """Per touch: its channel's share of the journey's RE over the channel's touches; linear if all RE are 0.

    `journey` (0..n_journeys-1) and `channel` (0..n_channels-1) give one row per touch;
    `channel_effect[c]` is channel c's removal effect.
    """
    n_channels = len(channel_effect)
    pair = journey * n_channels + channel
    pairs, pair_of_touch, pair_touches = np.unique(pair, return_inverse=True, return_counts=True)
    pair_effect = channel_effect[pairs % n_channels]
    journey_effect = np.bincount(pairs // n_channels, weights=pair_effect, minlength=journey.max() + 1)
    journey_touches = np.bincount(journey)
    touch_journey_effect = journey_effect[journey]
    shared = np.divide(
        pair_effect[pair_of_touch],
        touch_journey_effect * pair_touches[pair_of_touch],
        out=np.zeros(len(journey)),
        where=touch_journey_effect > 0,
    )
    return np.where(touch_journey_effect > 0, shared, 1.0 / journey_touches[journey])


def weights_table(journeys: pa.Table, effects: pa.Table) -> pa.Table:
    opportunity_ids = journeys.column("opportunity_id").combine_chunks()
    if journeys.num_rows == 0:
        weights = np.zeros(0)
    else:
        journey = np.asarray(opportunity_ids.dictionary_encode().indices, dtype=np.int64)
        channel_codes = journeys.column("channel").combine_chunks().dictionary_encode()
        effect_row = pc.index_in(
            channel_codes.dictionary, value_set=effects.column("channel").combine_chunks()
        )
        effect_values = np.asarray(effects.column("removal_effect").to_numpy(), dtype=np.float64)
        # The last slot is the RE of a channel without a row in `effects`: 0.
        lookup = np.append(effect_values, 0.0)
        channel_effect = lookup[np.asarray(effect_row.fill_null(len(effect_values)), dtype=np.int64)]
        weights = markov_weights(journey, np.asarray(channel_codes.indices, dtype=np.int64), channel_effect)
    return pa.table(
        {
            "attribution_model": pa.repeat(pa.scalar("markov", pa.string()), journeys.num_rows),
            "opportunity_id": opportunity_ids,
            "touchpoint_id": journeys.column("touchpoint_id").combine_chunks(),
            "attribution_weight": pa.array(weights, type=pa.float64()),
        }
    )


def _read(relation) -> pa.Table:
    """The relation as an Arrow table (duckdb 2.0 returns a reader: drained before the next query)."""
    table = relation.arrow()
    return table.read_all() if isinstance(table, pa.RecordBatchReader) else table


def model(dbt, session):
    dbt.config(materialized="table")
    # Inputs are read sorted: the same rows in any stored order give the same bits.
    journeys = _read(
        dbt.ref("int_journey_touchpoints_ordered")
        .select("opportunity_id, touchpoint_id, channel")
        .order("opportunity_id, touchpoint_id")
    )
    # var attribution_markov_removal_basis: the removal effects on conversions or on won value.
    effect_column = dbt.config.get("removal_effect_column")
    effects = _read(
        dbt.ref("int_markov_removal_effects_py")
        .select(f"channel, {effect_column} as removal_effect")
        .order("channel")
    )
    return weights_table(journeys, effects)
