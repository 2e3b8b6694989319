"""Benchmarks run by `checkpoint bench NAME`; method and results live in docs/benchmarks.md."""
