"""Exact Shapley values of the shapley model, the Python engine.

One row per distinct channel set T of a non-empty journey (training or open)
x channel c in T, with phi_c(T) unclipped. Inputs: int_journey_channel_sets
(bitmask per opportunity) and int_channels_indexed (bit -> channel).

Independent of the SQL model int_shapley_channel_values, which sums over the
observed coalitions only: here v(S) (conversion rate of the training journeys
whose set is exactly S, 0 when unseen, 0 for the empty set) is looked up for
every subset S of T, and phi is the textbook marginal-contribution formula

    phi_c(T) = sum over S in T without c of |S|! (|T| - |S| - 1)! / |T|! x (v(S + c) - v(S)).

Sets of the same size t are solved together: the 2^t local subsets are mapped
to global bitmasks with one integer matrix product, so the work is vectorised
over sets and subsets; the only loops are over set sizes, chunks of sets and
the t players (all bounded). A set of more than MAX_PLAYERS channels is
refused (2^t subsets); the SQL engine has no such limit.
"""

from math import factorial

import numpy as np
import pyarrow as pa

MAX_PLAYERS = 20
CELLS_PER_CHUNK = 1 << 22


def characteristic_function(
    channel_set: np.ndarray, is_training: np.ndarray, is_converted: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Observed training sets (sorted) and their conversion rate v(S)."""
    training_sets = channel_set[is_training]
    observed, journey = np.unique(training_sets, return_inverse=True)
    journeys = np.bincount(journey, minlength=observed.size)
    conversions = np.bincount(
        journey, weights=is_converted[is_training].astype(np.float64), minlength=observed.size
    )
    return observed, conversions / journeys


def lookup_values(masks: np.ndarray, observed: np.ndarray, rate: np.ndarray) -> np.ndarray:
    """v of each bitmask: the observed rate, 0 when the set was never seen in training."""
    if observed.size == 0:
        return np.zeros(masks.shape, dtype=np.float64)
    position = np.minimum(np.searchsorted(observed, masks), observed.size - 1)
    return np.where(observed[position] == masks, rate[position], 0.0)


def marginal_weights(players: int) -> np.ndarray:
    """|S|! (t - |S| - 1)! / t! for |S| = 0 .. t - 1 (exact integers, one rounding)."""
    return np.array(
        [factorial(size) * factorial(players - size - 1) / factorial(players) for size in range(players)],
        dtype=np.float64,
    )


def shapley_same_size(
    games: np.ndarray, channel_bits: np.ndarray, observed: np.ndarray, rate: np.ndarray
) -> np.ndarray:
    """phi (games x t) for games of t channels each; column j is the j-th lowest bit of the game."""
    players = channel_bits.shape[1]
    local = np.arange(1 << players, dtype=np.int64)
    local_members = (local[:, None] >> np.arange(players, dtype=np.int64)) & 1
    coalition_sizes = local_members.sum(axis=1)
    weights = marginal_weights(players)
    # global bitmask of every local subset of every game: (2^t x t) @ (t x games)
    masks = local_members @ channel_bits.T
    values = lookup_values(masks, observed, rate)
    values[0, :] = 0.0
    phi = np.empty((games.size, players), dtype=np.float64)
    for player in range(players):
        without = local[local_members[:, player] == 0]
        marginal = values[without | (1 << player), :] - values[without, :]
        phi[:, player] = weights[coalition_sizes[without]] @ marginal
    return phi


def shapley_table(
    channel_set: np.ndarray,
    is_training: np.ndarray,
    is_converted: np.ndarray,
    channel_names: np.ndarray,
    channel_index: np.ndarray,
) -> pa.Table:
    """One row per distinct journey set x member channel with its unclipped Shapley value."""
    observed, rate = characteristic_function(channel_set, is_training, is_converted)
    names = np.empty(int(channel_index.max()) + 1 if channel_index.size else 0, dtype=object)
    names[channel_index] = channel_names
    games = np.unique(channel_set)
    bit_positions = np.arange(names.size, dtype=np.int64)
    members = ((games[:, None] >> bit_positions) & 1).astype(bool)
    sizes = members.sum(axis=1)
    if sizes.size and sizes.max() > MAX_PLAYERS:
        raise ValueError(
            f"shapley python engine: a journey has {sizes.max()} distinct channels, more than "
            f"{MAX_PLAYERS} (2^n subsets); use var attribution_shapley_engine: sql"
        )
    out_sets = [np.empty(0, dtype=np.int64)]
    out_sizes = [np.empty(0, dtype=np.int64)]
    out_channels = [np.empty(0, dtype=object)]
    out_values = [np.empty(0, dtype=np.float64)]
    for players in np.unique(sizes[sizes > 0]):
        chunk = max(1, CELLS_PER_CHUNK >> int(players))
        same_size = np.flatnonzero(sizes == players)
        for start in range(0, same_size.size, chunk):
            rows = same_size[start : start + chunk]
            positions = np.nonzero(members[rows])[1].reshape(rows.size, players)
            phi = shapley_same_size(games[rows], np.left_shift(1, positions), observed, rate)
            out_sets.append(np.repeat(games[rows], players))
            out_sizes.append(np.full(rows.size * players, players, dtype=np.int64))
            out_channels.append(names[positions.ravel()])
            out_values.append(phi.ravel())
    return pa.table(
        {
            "channel_set": pa.array(np.concatenate(out_sets), type=pa.int64()),
            "channel_count": pa.array(np.concatenate(out_sizes), type=pa.int64()),
            "channel": pa.array(np.concatenate(out_channels).tolist(), type=pa.string()),
            "shapley_value": pa.array(np.concatenate(out_values), type=pa.float64()),
        }
    )


def read_arrow(relation) -> pa.Table:
    table = relation.arrow()
    return table.read_all() if isinstance(table, pa.RecordBatchReader) else table


def model(dbt, session):
    dbt.config(materialized="table")
    # Inputs are read sorted: the same rows in any stored order give the same bits.
    journeys = read_arrow(
        dbt.ref("int_journey_channel_sets")
        .select("opportunity_id, channel_set, is_training, is_converted")
        .order("opportunity_id")
    )
    channels = read_arrow(
        dbt.ref("int_channels_indexed").select("channel, channel_index").order("channel_index")
    )
    return shapley_table(
        np.asarray(journeys.column("channel_set").to_numpy(), dtype=np.int64),
        np.asarray(journeys.column("is_training").to_numpy(zero_copy_only=False), dtype=bool),
        np.asarray(journeys.column("is_converted").to_numpy(zero_copy_only=False), dtype=bool),
        np.asarray(channels.column("channel").to_pylist(), dtype=object),
        np.asarray(channels.column("channel_index").to_numpy(), dtype=np.int64),
    )
