"""The incremental model's fit: P(won | journey features). One row per fit sample x model term.

Input: int_incremental_features_prepared (one row per opportunity x channel of its
journey), training rows only (closed opportunities with a non-empty journey; won
converts, lost does not). Features: the intercept, one indicator per opportunity type
but the reference level (the alphabetically first type seen in the sample), one
exposure indicator per channel. Two samples: `all` (every training opportunity; its
penalised coefficients give the credit) and `training` (the training part of the
held-out split, int_training_opportunities_split; its coefficients score the held-out
opportunities for rpt_data_driven_model_fit).

Per sample, two fits with scikit-learn's LogisticRegression (newton-cholesky solver):
- penalised: the negative log-likelihood plus lambda / 2 x the sum of squared
  coefficients (the intercept is not penalised; sklearn's C = 1 / lambda, var
  attribution_incremental_l2_penalty, 0 = unpenalised). Used for the credit.
- unpenalised: the maximum-likelihood fit on the terms that vary in the sample, whose
  standard errors are the square roots of the diagonal of the inverse Fisher
  information (X'WX)^-1 at that fit (W = p (1 - p)), and the Wald 95% interval
  coefficient +- 1.959964 x std_error. A term that is constant in the sample (a channel
  in every or in no journey) has no unpenalised estimate (null); so has every term
  when X'WX cannot be inverted (complete separation: standard errors are infinite).
A sample whose opportunities are all won or all lost cannot be fitted: every
coefficient is 0 (the credit then falls back to linear) and fit_status says why.

Opportunities with the same features and outcome are fitted as one weighted row
(sample_weight = their count): the same likelihood, so the same coefficients, on a
few thousand distinct rows instead of every opportunity.
"""

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from sklearn.linear_model import LogisticRegression
from threadpoolctl import threadpool_limits

Z_975 = 1.959963984540054  # the standard normal's 97.5% quantile: a two-sided 95% interval
TOLERANCE = 1e-10
MAX_ITERATIONS = 1000


def design_matrix(
    opportunity: np.ndarray, feature: np.ndarray, opportunities: int, features: int
) -> np.ndarray:
    """Dense 0/1 matrix (opportunities x features) from (opportunity, feature) pairs, by indexing."""
    matrix = np.zeros((opportunities, features), dtype=np.float64)
    matrix[opportunity, feature] = 1.0
    return matrix


def distinct_rows(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The distinct (features, outcome) rows of a 0/1 design and how many times each occurs."""
    packed = np.ascontiguousarray(np.packbits(np.column_stack([x, y]).astype(np.uint8), axis=1))
    keys = packed.view(np.dtype((np.void, packed.shape[1])))[:, 0]
    _, first, counts = np.unique(keys, return_index=True, return_counts=True)
    return x[first], y[first], counts.astype(np.float64)


def fit_penalised(x: np.ndarray, y: np.ndarray, weight: np.ndarray, l2_penalty: float) -> np.ndarray:
    """Intercept and coefficients of the L2-penalised logistic regression (intercept unpenalised):
    minimises sum(weight x log-loss) + l2_penalty / 2 x sum(coefficients^2)."""
    c = np.inf if l2_penalty == 0 else 1.0 / l2_penalty
    fitted = LogisticRegression(C=c, solver="newton-cholesky", tol=TOLERANCE, max_iter=MAX_ITERATIONS)
    fitted.fit(x, y, sample_weight=weight)
    return np.concatenate([fitted.intercept_, fitted.coef_[0]])


def fisher_standard_errors(x1: np.ndarray, weight: np.ndarray, coefficients: np.ndarray) -> np.ndarray:
    """sqrt(diag((X'WX)^-1)) at the given fit (x1 has the intercept column, W = weight x p (1 - p));
    nan when X'WX cannot be inverted."""
    p = 1.0 / (1.0 + np.exp(-(x1 @ coefficients)))
    information = x1.T @ (x1 * (weight * p * (1.0 - p))[:, None])
    try:
        covariance = np.linalg.inv(information)
    except np.linalg.LinAlgError:
        return np.full(coefficients.shape, np.nan)
    variances = np.diag(covariance)
    if not np.all(np.isfinite(variances)) or np.any(variances <= 0):
        return np.full(coefficients.shape, np.nan)
    return np.sqrt(variances)


def fit_sample(x: np.ndarray, y: np.ndarray, l2_penalty: float) -> dict[str, np.ndarray | str]:
    """Both fits of one sample. Arrays have the intercept first, then x's columns."""
    terms = x.shape[1] + 1
    nan = np.full(terms, np.nan)
    if y.size == 0 or np.all(y == y[0]):
        return {
            "coefficient": np.zeros(terms),
            "unpenalised": nan,
            "std_error": nan,
            "status": "empty" if y.size == 0 else "single_outcome",
        }
    x, y, weight = distinct_rows(x, y)
    coefficient = fit_penalised(x, y, weight, l2_penalty)
    varying = np.concatenate([[True], x.min(axis=0) != x.max(axis=0)])
    unpenalised = nan.copy()
    std_error = nan.copy()
    unpenalised[varying] = fit_penalised(x[:, varying[1:]], y, weight, 0.0)
    x1 = np.column_stack([np.ones(y.size), x[:, varying[1:]]])
    std_error[varying] = fisher_standard_errors(x1, weight, unpenalised[varying])
    return {
        "coefficient": coefficient,
        "unpenalised": unpenalised,
        "std_error": std_error,
        "status": "fitted",
    }


def sorted_codes(values: pa.Array | pa.ChunkedArray) -> tuple[list[str], np.ndarray]:
    """Distinct values in sorted order and each element's code in that order."""
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    encoded = values.dictionary_encode()
    dictionary = encoded.dictionary.to_pylist()
    order = np.argsort(np.array(dictionary, dtype=object), kind="stable")
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    return [dictionary[i] for i in order], rank[np.asarray(encoded.indices, dtype=np.int64)]


def coefficients_table(features: pa.Table, l2_penalty: float) -> pa.Table:
    """Every sample's fits as rows (see the module docstring); features holds training rows only."""
    opportunity_ids = features.column("opportunity_id").combine_chunks()
    _, opportunity = sorted_codes(opportunity_ids)
    channels, channel = sorted_codes(features.column("channel").combine_chunks())
    first_row = np.unique(opportunity, return_index=True)[1]
    types, type_code = sorted_codes(pc.take(features.column("opportunity_type"), pa.array(first_row)))
    converted = _booleans(pc.take(features.column("is_converted"), pa.array(first_row)))
    holdout = _booleans(pc.take(features.column("is_holdout"), pa.array(first_row)))
    n = first_row.size
    type_columns = max(len(types) - 1, 0)
    exposures = design_matrix(opportunity, channel, n, len(channels))
    type_matrix = design_matrix(np.arange(n), type_code - 1, n, len(types))[:, :type_columns]
    type_matrix[type_code == 0] = 0.0  # the reference level has no column
    x = np.column_stack([type_matrix, exposures])
    term_type = ["intercept"] + ["opportunity_type"] * type_columns + ["channel"] * len(channels)
    term = ["(intercept)"] + types[1:] + channels
    columns: dict[str, list] = {name: [] for name in COLUMNS}
    for sample, mask in (("all", np.ones(n, dtype=bool)), ("training", ~holdout)):
        x_sample, y_sample = x[mask], converted[mask].astype(np.int64)
        fit = fit_sample(x_sample, y_sample, l2_penalty)
        exposed = np.concatenate([[mask.sum()], x_sample.sum(axis=0)]).astype(np.int64)
        exposed_wins = np.concatenate([[y_sample.sum()], y_sample @ x_sample]).astype(np.int64)
        rows = list(range(len(term)))
        if types:  # the reference level: coefficient 0 by construction, listed for the reader
            rows.insert(1, -1)
        for i in rows:
            reference = i == -1
            se = np.nan if reference else fit["std_error"][i]
            estimate = np.nan if reference else fit["unpenalised"][i]
            columns["fit_sample"].append(sample)
            columns["term_type"].append("opportunity_type" if reference else term_type[i])
            columns["term"].append(types[0] if reference else term[i])
            columns["is_reference_level"].append(reference)
            columns["coefficient"].append(0.0 if reference else float(fit["coefficient"][i]))
            columns["unpenalised_coefficient"].append(_nullable(estimate))
            columns["std_error"].append(_nullable(se))
            columns["ci_lower"].append(_nullable(estimate - Z_975 * se))
            columns["ci_upper"].append(_nullable(estimate + Z_975 * se))
            reference_count = int(mask.sum() - x_sample[:, :type_columns].sum())
            columns["term_opportunities"].append(reference_count if reference else int(exposed[i]))
            columns["term_conversions"].append(
                int(y_sample.sum() - y_sample @ x_sample[:, :type_columns].sum(axis=1))
                if reference
                else int(exposed_wins[i])
            )
            columns["sample_opportunities"].append(int(mask.sum()))
            columns["sample_conversions"].append(int(y_sample.sum()))
            columns["l2_penalty"].append(float(l2_penalty))
            columns["fit_status"].append(fit["status"])
    return pa.table({name: pa.array(values, type=COLUMNS[name]) for name, values in columns.items()})


def _booleans(values: pa.Array | pa.ChunkedArray) -> np.ndarray:
    return np.asarray(values.to_numpy(zero_copy_only=False), dtype=bool)


def _nullable(value: float) -> float | None:
    return None if not np.isfinite(value) else float(value)


COLUMNS = {
    "fit_sample": pa.string(),
    "term_type": pa.string(),
    "term": pa.string(),
    "is_reference_level": pa.bool_(),
    "coefficient": pa.float64(),
    "unpenalised_coefficient": pa.float64(),
    "std_error": pa.float64(),
    "ci_lower": pa.float64(),
    "ci_upper": pa.float64(),
    "term_opportunities": pa.int64(),
    "term_conversions": pa.int64(),
    "sample_opportunities": pa.int64(),
    "sample_conversions": pa.int64(),
    "l2_penalty": pa.float64(),
    "fit_status": pa.string(),
}


def read_arrow(relation) -> pa.Table:
    table = relation.arrow()
    return table.read_all() if isinstance(table, pa.RecordBatchReader) else table


def model(dbt, session):
    dbt.config(materialized="table")
    l2_penalty = float(dbt.config.get("l2_penalty"))
    if not l2_penalty >= 0:
        raise ValueError(f"var attribution_incremental_l2_penalty must be >= 0, got {l2_penalty}")
    # Inputs are read sorted: the same rows in any stored order give the same bits.
    features = read_arrow(
        dbt.ref("int_incremental_features_prepared")
        .filter("is_training")
        .select("opportunity_id, channel, opportunity_type, is_converted, is_holdout")
        .order("opportunity_id, channel")
    )
    # A few thousand distinct rows: one BLAS thread is fastest and leaves dbt's threads alone.
    with threadpool_limits(limits=1):
        coefficients = coefficients_table(features, l2_penalty)
    return coefficients
