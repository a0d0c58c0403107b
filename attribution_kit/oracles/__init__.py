"""Independent plain-Python oracles of the attribution models (rule-based, data-driven, incremental).

The tests compare the dbt models with them; the truth benchmark (attribution_kit.bench.truth) uses the
exact Markov removal effects of data_driven."""
