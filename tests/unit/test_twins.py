"""The sync and async twins differ only in ``await``: compared function by function.

Each pair of modules is parsed; the async one is turned into sync code (``async def`` ->
``def``, ``await x`` -> ``x``, ``async for``/``with`` -> ``for``/``with``, async names -> their
sync names) and docstrings are dropped. Every function must then be the same as its twin's,
except the few listed below, each for a reason that ``await`` alone cannot express.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "facade" / "bulk_enrich"

#: Async name -> the sync name it stands for.
NAMES = {
    "AsyncDriver": "SyncDriver",
    "AsyncRunIterator": "RunIterator",
    "AsyncJobHandle": "JobHandle",
    "AsyncJob": "Job",
    "AsyncPingData": "PingData",
    "AsyncBatch": "Batch",
    "AsyncPlaceEnrichment": "PlaceEnrichment",
    "AsyncIterator": "Iterator",
    "AsyncClient": "Client",
    "aclose": "close",
    "__aenter__": "__enter__",
    "__aexit__": "__exit__",
    "__aiter__": "__iter__",
    "__anext__": "__next__",
    "aiter_bytes": "iter_bytes",
    "aiter_raw": "iter_raw",
    "araw_blocks": "raw_blocks",
}

#: Functions allowed to differ, with why.
ALLOWED = {
    # A thread pool in one, tasks in the other: what runs an action concurrently.
    ("drivers", "SyncDriver.run_many"),
    # The async iterator reads the next item with anext(); the sync one with next().
    ("drivers", "RunIterator.__next__"),
    # ``list(run)`` has no async form; an async comprehension collects instead.
    ("ping", "PingData.enhance_many"),
    ("places", "PlaceEnrichment.enrich_many"),
    # ``yield from`` an iterator has no async form: ``async for ... yield``.
    ("places", "Batch.results"),
    ("places", "PlaceEnrichment.batches"),
    # A property cannot await: the async batch's name is the last one seen.
    ("places", "Batch.name"),
}

PAIRS = {
    "drivers": ("drivers/sync.py", "drivers/aio.py"),
    "ping": ("ping/client.py", "ping/aio.py"),
    "places": ("places/client.py", "places/aio.py"),
}


class _Unasync(ast.NodeTransformer):
    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef) -> ast.AST:
        self.generic_visit(node)
        return ast.FunctionDef(**{f: getattr(node, f) for f in node._fields})

    def visit_AsyncFor(self, node: ast.AsyncFor) -> ast.AST:
        self.generic_visit(node)
        return ast.For(**{f: getattr(node, f) for f in node._fields})

    def visit_AsyncWith(self, node: ast.AsyncWith) -> ast.AST:
        self.generic_visit(node)
        return ast.With(**{f: getattr(node, f) for f in node._fields})

    def visit_Await(self, node: ast.Await) -> ast.AST:
        return self.visit(node.value)

    def visit_Name(self, node: ast.Name) -> ast.AST:
        node.id = NAMES.get(node.id, node.id)
        return node

    def visit_Attribute(self, node: ast.Attribute) -> ast.AST:
        self.generic_visit(node)
        node.attr = NAMES.get(node.attr, node.attr)
        if isinstance(node.value, ast.Name) and (node.value.id, node.attr) == ("asyncio", "sleep"):
            node.value.id = "time"  # asyncio.sleep is time.sleep's twin
        return node

    def visit_ClassDef(self, node: ast.ClassDef) -> ast.AST:
        self.generic_visit(node)
        node.name = NAMES.get(node.name, node.name)
        return node


def _functions(source: str, unasync: bool) -> dict[str, str]:
    tree = ast.parse(source)
    if unasync:
        tree = _Unasync().visit(tree)
    out: dict[str, str] = {}
    for cls in tree.body:
        if not isinstance(cls, ast.ClassDef):
            continue
        for fn in cls.body:
            if isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
                name = NAMES.get(fn.name, fn.name)
                body = fn.body
                first = body[0] if body else None
                if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                    body = body[1:]  # the docstring
                fn.body = body or [ast.Pass()]
                fn.name = name
                fn.decorator_list = []
                fn.returns = None  # Iterator[...] vs AsyncIterator[...]: the body decides
                out[f"{cls.name}.{name}"] = ast.dump(fn)
    return out


@pytest.mark.parametrize("pair", sorted(PAIRS))
def test_async_twin_differs_only_in_await(pair: str) -> None:
    sync_file, async_file = PAIRS[pair]
    sync = _functions((PACKAGE / sync_file).read_text(), unasync=False)
    twin = _functions((PACKAGE / async_file).read_text(), unasync=True)
    assert sorted(sync) == sorted(twin), "the twins do not define the same methods"
    differ = {name for name in sync if sync[name] != twin[name]}
    allowed = {name for group, name in ALLOWED if group == pair}
    assert differ == allowed, (
        f"differ beyond await: {sorted(differ - allowed)}; "
        f"listed as different but now equal: {sorted(allowed - differ)}"
    )


def test_the_job_handles_are_twins() -> None:
    source = (PACKAGE / "jobs.py").read_text()
    tree = ast.parse(source)
    classes = {c.name: c for c in tree.body if isinstance(c, ast.ClassDef)}
    sync = ast.Module(body=[classes["JobHandle"]], type_ignores=[])
    twin = ast.Module(body=[classes["AsyncJobHandle"]], type_ignores=[])
    a = _functions(ast.unparse(sync), unasync=False)
    b = _functions(ast.unparse(twin), unasync=True)
    # ``info``/``status``/``progress`` cannot fetch in an async property: they read the last
    # status seen. Everything else is the same.
    differ = {n for n in a if a[n] != b.get(n)}
    assert differ == {"JobHandle.info", "JobHandle.status", "JobHandle.progress"}
