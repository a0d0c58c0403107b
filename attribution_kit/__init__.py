"""The tools around the attribution dbt project: the demo-data generator, the summary, the HTML report,
the benchmarks, the engine comparison and the data diff (one command: attribution-kit, cli.py)."""
