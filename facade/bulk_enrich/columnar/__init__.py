"""The columnar fast path: API outputs decoded straight into columns (needs the ``fast`` extra).

Every function here returns ``None`` for anything it does not handle exactly as the
row-at-a-time path would; the caller then takes that path, so the two always agree.
"""
