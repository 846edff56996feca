"""Benchmarks for multiling (not part of the installed package)."""
