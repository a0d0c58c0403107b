"""Tools around the attribution dbt project: the demo-data generator."""
