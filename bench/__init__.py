"""Benchmarks: scripts that measure retrieval quality and speed and print the figures."""
