"""Writing tables in chunks as CSV or Parquet, and the ground-truth file."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
from tqdm import tqdm

from attribution_kit.generate.records import Dataset, TableSpec
from attribution_kit.generate.shapes.contract import table_schema
from attribution_kit.generate.truth import truth_rows
from attribution_kit.generate.vocabulary import CHUNK_ROWS, TRUTH_COLUMNS, TRUTH_FILE


def write_table(
    spec: TableSpec,
    out_dir: Path,
    fmt: str,
    progress: tqdm | None = None,
    schema: pa.Schema | None = None,
) -> Path:
    """Write one table chunk by chunk (CSV: header unquoted, empty cells for nulls).

    The schema defaults to the input contract's columns of the table."""
    schema = table_schema(spec.name) if schema is None else schema
    path = out_dir / f"{spec.name}.{fmt}"
    bounds = list(range(0, spec.n_rows, CHUNK_ROWS)) or [0]
    if fmt == "csv":
        with open(path, "wb") as sink:
            sink.write((",".join(schema.names) + "\n").encode())
            writer = pacsv.CSVWriter(
                sink, schema, write_options=pacsv.WriteOptions(include_header=False, quoting_style="none")
            )
            for lo in bounds:
                hi = min(lo + CHUNK_ROWS, spec.n_rows)
                writer.write_table(pa.table(spec.build(lo, hi), schema=schema))
                if progress is not None:
                    progress.update(hi - lo)
            writer.close()
    else:
        with pq.ParquetWriter(path, schema, compression="zstd") as writer:
            for lo in bounds:
                hi = min(lo + CHUNK_ROWS, spec.n_rows)
                writer.write_table(pa.table(spec.build(lo, hi), schema=schema))
                if progress is not None:
                    progress.update(hi - lo)
    return path


def write_truth(ds: Dataset, out_dir: Path) -> Path:
    path = out_dir / TRUTH_FILE
    lines = [",".join(TRUTH_COLUMNS)]
    for row in truth_rows(ds):
        lines.append(",".join(repr(v) if isinstance(v, float) else str(v) for v in row.values()))
    path.write_text("\n".join(lines) + "\n")
    return path
