"""The columnar fast path: API outputs decoded straight into columns (needs the ``fast`` extra).

Every function here returns ``None`` for anything it does not handle exactly as the
row-at-a-time path would; the caller then takes that path, so the two always agree.
"""

#: The polars type (by name) of a column whose values, as a JSON decoder makes them, are all of
#: one of these Python types.
DTYPE_NAMES = {bool: "Boolean", int: "Int64", float: "Float64", str: "String"}
