"""Benchmark of bulk-enrich against the naive strategy (``make bench``; see ``bench/run.py``)."""
