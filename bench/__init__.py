"""The benchmark harness (`make bench`): see docs/benchmarks.md."""
