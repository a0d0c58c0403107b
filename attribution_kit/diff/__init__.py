"""Review a change of the project: build two git refs on the same data and compare their marts.

Usage: python -m attribution_kit.diff [--base REF] [--state DIR|base] [--fail-on-change MODEL,...]
(`make diff BASE=<ref>`; docs/reviewing_changes.md).
"""
