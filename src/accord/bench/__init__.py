"""Benchmarks: a synthetic alliance generator and `python -m accord.bench` (`make bench`)."""
