"""Benchmarks run by ``python -m quiz bench NAME``."""
