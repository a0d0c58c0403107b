"""markov removal effects, the Python engine. One row per channel seen in a journey.

Input: int_journey_steps_collapsed (paths: a journey's channels in order, consecutive
repeats collapsed). The training paths (closed opportunities) build the k-order chain
the way ChannelAttribution builds it (var attribution_markov_order = k, config
markov_order): states (start), the k-grams of the path (the windows of k consecutive
steps, c1..ck, c2..ck+1, ..., ending at the last step; a path shorter than k is one
state, the whole path), (conversion) and (null); transition probabilities are the
training paths' transition counts, normalised per state. The probability of
conversion from (start) is solved exactly from the absorbing chain, (I - Q) x = r, for
the full chain and once per channel with every state that holds the channel removed
(transitions into it go to (null)). RE(c) = 1 - P(conversion without c) / P(conversion).
The value removal effect (ChannelAttribution's removal_effects_conversion_value) solves
the same system with the reward of converting from a state, the won value of the paths
converting from it over its transitions out (P(state -> conversion) times their mean
won value), for V, the expected won value from (start): VRE(c) = 1 - V(without c) / V.

Same output as the SQL engine int_markov_removal_effects, which reaches order 1 only;
var attribution_markov_engine chooses which one feeds the marts, and
its attribution_relations_agree test checks they agree at order 1.
"""

import numpy as np
import pyarrow as pa
from scipy import sparse
from scipy.sparse import linalg as sparse_linalg

# Removal effects below this are rounding noise around an exact 0 (both engines use it).
ZERO_REMOVAL_EFFECT = 1e-12
START_STATE = 0


def kgram_windows(path: np.ndarray, channel: np.ndarray, order: int) -> tuple[np.ndarray, np.ndarray]:
    """The k-gram states of every path, in path order.

    `path` (0..n_paths-1) and `channel` (0..n_channels-1) give one row per step, the steps
    of a path contiguous and in order. Returns, per window, its path and its channels
    (n_windows x order, -1 where a path shorter than `order` leaves the window short).
    """
    steps = len(path)
    path_length = np.bincount(path)
    path_first_row = np.cumsum(path_length) - path_length
    position = np.arange(steps) - path_first_row[path]
    is_window_start = position <= np.maximum(path_length[path] - order, 0)
    rows = np.flatnonzero(is_window_start)
    members = np.full((len(rows), order), -1, dtype=np.int64)
    for offset in range(order):
        inside = position[rows] + offset < path_length[path[rows]]
        members[inside, offset] = channel[rows[inside] + offset]
    return path[rows], members


def unique_windows(members: np.ndarray, n_channels: int) -> tuple[np.ndarray, np.ndarray]:
    """The distinct windows (states x order) and each window's state (0-based)."""
    base = n_channels + 1
    if members.shape[1] * np.log2(base) < 62:
        # One integer per window (digits = channel + 1 in base n_channels + 1): a fast 1-d unique.
        key = (members + 1) @ (base ** np.arange(members.shape[1], dtype=np.int64))
        _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
        return members[first], inverse.reshape(-1)
    states, inverse = np.unique(members, axis=0, return_inverse=True)
    return states, inverse.reshape(-1)


def chain_transitions(
    window_path: np.ndarray,
    window_state: np.ndarray,
    path_converted: np.ndarray,
    n_states: int,
    path_value: np.ndarray | None = None,
) -> tuple[sparse.csr_matrix, np.ndarray]:
    """Transition counts between states (0 = start, 1..S the k-grams, S+1 conversion, S+2 null),
    and per state the won value of the paths converting from it (`path_value`, per path)."""
    is_first = np.ones(len(window_path), dtype=bool)
    is_first[1:] = window_path[1:] != window_path[:-1]
    is_last = np.ones(len(window_path), dtype=bool)
    is_last[:-1] = is_first[1:]
    previous_state = np.empty_like(window_state)
    previous_state[1:] = window_state[:-1]
    from_state = np.where(is_first, START_STATE, previous_state)
    end_state = np.where(path_converted[window_path[is_last]], n_states - 2, n_states - 1)
    from_all = np.concatenate([from_state, window_state[is_last]])
    to_all = np.concatenate([window_state, end_state])
    counts = np.ones(len(from_all), dtype=np.float64)
    last_path = window_path[is_last]
    converting_value = np.where(
        path_converted[last_path], path_value[last_path] if path_value is not None else 0.0, 0.0
    )
    state_value = np.bincount(window_state[is_last], weights=converting_value, minlength=n_states)
    matrix = sparse.coo_matrix((counts, (from_all, to_all)), shape=(n_states, n_states)).tocsr()
    return matrix, state_value


def conversion_probability(
    transient: sparse.csr_matrix, to_conversion: np.ndarray, keep: np.ndarray
) -> np.ndarray:
    """P(absorbed in conversion | start), only the `keep` states reachable (the rest lead to null).

    `to_conversion` is one column (the probability of converting from each state) or
    several (also the reward of converting, for the expected value): one result per column.
    """
    kept = np.flatnonzero(keep)
    block = transient[kept][:, kept]
    system = (sparse.identity(len(kept), format="csc") - block).tocsc()
    absorbed = sparse_linalg.spsolve(system, to_conversion[kept])
    absorbed = absorbed.reshape(len(kept), -1)
    return np.asarray(absorbed[START_STATE], dtype=np.float64)


def _effects(full: float, without: np.ndarray) -> np.ndarray:
    """1 - without / full, 0 when full is 0, rounding noise around 0 set to 0."""
    effect = 1.0 - without / full if full > 0 else np.zeros(len(without))
    return np.where(effect < ZERO_REMOVAL_EFFECT, 0.0, effect)


def removal_effects(
    path: np.ndarray,
    channel: np.ndarray,
    path_converted: np.ndarray,
    n_channels: int,
    order: int,
    path_value: np.ndarray | None = None,
) -> tuple[np.ndarray, float, np.ndarray, np.ndarray, float, np.ndarray]:
    """Per channel 0..n_channels-1: removal effect, P(conversion), P(conversion without the
    channel), then the value removal effect, V (expected won value) and V without the channel.

    `path`, `channel`: one row per training step (paths contiguous, steps in order);
    `path_converted`: per path, whether it converts; `path_value`: per path, its won value.
    """
    if len(path) == 0:
        zeros = np.zeros(n_channels)
        return zeros, 0.0, zeros, zeros, 0.0, zeros
    window_path, members = kgram_windows(path, channel, order)
    states, window_state = unique_windows(members, n_channels)
    window_state = window_state + 1
    n_states = len(states) + 3
    counts, state_value = chain_transitions(window_path, window_state, path_converted, n_states, path_value)
    out_counts = np.asarray(counts.sum(axis=1)).reshape(-1)
    scale = np.divide(1.0, out_counts, out=np.zeros_like(out_counts), where=out_counts > 0)
    probabilities = sparse.diags(scale) @ counts
    transient = probabilities[: n_states - 2][:, : n_states - 2].tocsr()
    to_conversion = probabilities[: n_states - 2][:, n_states - 2].toarray().reshape(-1)
    # The reward of converting from a state: its converting paths' won value over its transitions out.
    to_value = (state_value * scale)[: n_states - 2]
    rewards = np.column_stack([to_conversion, to_value])
    keep_all = np.ones(n_states - 2, dtype=bool)
    full, full_value = conversion_probability(transient, rewards, keep_all)
    without = np.full(n_channels, full)
    without_value = np.full(n_channels, full_value)
    for removed in np.unique(channel):
        holds_channel = np.concatenate([[False], (states == removed).any(axis=1)])
        without[removed], without_value[removed] = conversion_probability(transient, rewards, ~holds_channel)
    return (
        _effects(full, without), float(full), without,
        _effects(full_value, without_value), float(full_value), without_value,
    )  # fmt: skip


def removal_effects_table(steps: pa.Table, order: int) -> pa.Table:
    """One row per channel of `steps` (opportunity_id, step_number, channel, is_converted, is_training)."""
    channel_codes = steps.column("channel").combine_chunks().dictionary_encode()
    channel_names = channel_codes.dictionary
    training = np.asarray(steps.column("is_training").to_numpy(zero_copy_only=False), dtype=bool)
    channel = np.asarray(channel_codes.indices, dtype=np.int64)[training]
    converted = np.asarray(steps.column("is_converted").to_numpy(zero_copy_only=False), dtype=bool)[training]
    step_number = np.asarray(steps.column("step_number").to_numpy(), dtype=np.int64)[training]
    won_amount = np.asarray(
        steps.column("won_amount").to_numpy(zero_copy_only=False), dtype=np.float64
    )[training]
    opportunity = steps.column("opportunity_id").combine_chunks().filter(pa.array(training))
    opportunity_codes = opportunity.dictionary_encode()
    path = np.asarray(opportunity_codes.indices, dtype=np.int64)
    # Paths contiguous (by path id, 0..n_paths-1) and steps in order: integer sorts only.
    in_order = np.lexsort((step_number, path))
    path, channel, converted = path[in_order], channel[in_order], converted[in_order]
    path_converted = np.zeros(len(opportunity_codes.dictionary), dtype=bool)
    path_converted[path] = converted
    path_value = np.zeros(len(opportunity_codes.dictionary), dtype=np.float64)
    path_value[path] = np.nan_to_num(won_amount[in_order])
    effect, full, without, value_effect, full_value, without_value = removal_effects(
        path, channel, path_converted, len(channel_names), order, path_value
    )
    by_name = np.argsort(np.asarray(channel_names.to_pylist(), dtype=object))
    return pa.table(
        {
            "channel": channel_names.take(pa.array(by_name)),
            "removal_effect": pa.array(effect[by_name], type=pa.float64()),
            "conversion_probability": pa.array(np.full(len(by_name), full), type=pa.float64()),
            "conversion_probability_without_channel": pa.array(without[by_name], type=pa.float64()),
            "value_removal_effect": pa.array(value_effect[by_name], type=pa.float64()),
            "expected_conversion_value": pa.array(np.full(len(by_name), full_value), type=pa.float64()),
            "expected_conversion_value_without_channel": pa.array(
                without_value[by_name], type=pa.float64()
            ),
        }
    )


def _read(relation) -> pa.Table:
    """The relation as an Arrow table (duckdb 2.0 returns a reader: drained before the next query)."""
    table = relation.arrow()
    return table.read_all() if isinstance(table, pa.RecordBatchReader) else table


def model(dbt, session):
    dbt.config(materialized="table")
    order = int(dbt.config.get("markov_order"))
    if order < 1:
        raise ValueError(f"var attribution_markov_order must be a whole number >= 1, got {order}")
    # Inputs are read sorted: the same rows in any stored order give the same bits.
    steps = _read(
        dbt.ref("int_journey_steps_collapsed")
        .select(
            "opportunity_id, cast(step_number as bigint) as step_number, channel, is_converted, is_training, "
            "cast(won_amount as double) as won_amount"
        )
        .order("opportunity_id, step_number")
    )
    return removal_effects_table(steps, order)
