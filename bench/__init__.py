"""The benchmark harness (`make bench`): see the README's "Benchmarks" section."""
