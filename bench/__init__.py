"""Benchmarks of unrecs: speed and memory at every scale (``make bench``; not part of the tests)."""
