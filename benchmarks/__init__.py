"""Search and reload at catalog scale: `python -m benchmarks` (see __main__.py)."""
