"""Benchmarks that print figures; run each script directly (see the README)."""
