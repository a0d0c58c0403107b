"""Benchmarks: the build benchmark (``python -m attribution_kit.bench.build``: time, memory and file
sizes of the dbt build at several sizes) and the truth benchmark (``python -m attribution_kit.bench.truth``:
the attribution models against the planted truth)."""
