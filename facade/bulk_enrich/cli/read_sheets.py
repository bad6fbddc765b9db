"""Spreadsheet input: XLSX workbooks (streamed) and Parquet files (in record batches)."""

from __future__ import annotations

from collections.abc import Generator, Iterator
from pathlib import Path
from typing import Any

from bulk_enrich.cli.errors import InputError, UsageError
from bulk_enrich.cli.table import Row, take_header, unique_columns

SheetRows = Generator[tuple[int, list[Any]], None, None]


def _openpyxl() -> Any:
    try:
        import openpyxl
    except ImportError:
        raise UsageError("XLSX files need openpyxl: pip install 'bulk-enrich[formats]'") from None
    return openpyxl


def _blank(cells: list[Any]) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in cells)


class XlsxReader:
    """The first worksheet (or ``sheet``) of an XLSX workbook, read in streaming mode."""

    def __init__(
        self, path: Path, *, sheet: str | None = None, header_row: int | None = None
    ) -> None:
        self.path = path
        self.sheet = sheet
        self._sheet_title = ""
        self._source: SheetRows | None = self._sheet_rows()
        self._skip, header, rest = take_header(
            path, self._source, header_row, "the worksheet is empty (no header row)"
        )
        self._pending: Iterator[tuple[int, list[Any]]] | None = rest
        header = list(header)
        while header and header[-1] is None:
            header.pop()
        self.columns = unique_columns(path, header)
        #: The header as the sheet has it (blank and repeated names kept), for the output.
        self.header = ["" if cell is None else str(cell) for cell in header]

    def describe(self) -> str:
        """``XLSX (sheet 'Locations')``."""
        return f"XLSX (sheet {self._sheet_title!r})"

    def close(self) -> None:
        """Close the workbook if the rows were not read to the end."""
        if self._source is not None:
            self._source.close()
            self._source = self._pending = None

    def _worksheet(self, workbook: Any) -> Any:
        if self.sheet is None:
            return workbook.worksheets[0]
        if self.sheet not in workbook.sheetnames:
            raise UsageError(
                f"{self.path.name}: no sheet {self.sheet!r}; sheets are "
                + ", ".join(repr(n) for n in workbook.sheetnames)
            )
        return workbook[self.sheet]

    def _sheet_rows(self) -> SheetRows:
        """``(sheet row, cells)`` of every non-blank row, the header included."""
        openpyxl = _openpyxl()
        try:
            workbook = openpyxl.load_workbook(self.path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many types for a file that is not XLSX
            raise InputError(
                self.path, f"is not a readable XLSX workbook ({type(exc).__name__}: {exc})"
            ) from None
        try:
            worksheet = self._worksheet(workbook)
            self._sheet_title = worksheet.title
            for index, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
                cells = list(values)
                if not _blank(cells):
                    yield index, cells
        finally:
            workbook.close()

    def rows(self) -> Iterator[Row]:
        """The data rows, each padded or trimmed (if the extra cells are empty) to the header."""
        sheet_rows: Iterator[tuple[int, list[Any]]] | None = self._pending
        self._pending = self._source = None
        if sheet_rows is None:
            sheet_rows = self._sheet_rows()
            for _ in range(self._skip):  # the title rows and the header
                next(sheet_rows)
        width = len(self.columns)
        for number, (sheet_row, cells) in enumerate(sheet_rows, start=1):
            if len(cells) < width:
                cells = cells + [None] * (width - len(cells))
            elif len(cells) > width:
                if any(v is not None for v in cells[width:]):
                    raise InputError(
                        self.path,
                        "has a value beyond the last header column",
                        row=number,
                        column=f"field {width + 1}",
                        locator=f"sheet row {sheet_row}",
                    )
                cells = cells[:width]
            yield Row(number, cells, f"sheet row {sheet_row}")


def _pyarrow_parquet() -> Any:
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise UsageError("Parquet files need pyarrow: pip install 'bulk-enrich[formats]'") from None
    return pq


class ParquetReader:
    """A Parquet file, opened once and read in record batches."""

    def __init__(self, path: Path) -> None:
        self.path = path
        pq = _pyarrow_parquet()
        try:
            self._file = pq.ParquetFile(path)
            names = list(self._file.schema_arrow.names)
        except Exception as exc:
            raise InputError(path, f"is not a readable Parquet file ({exc})") from None
        self.columns = unique_columns(path, names)

    def describe(self) -> str:
        """``Parquet``."""
        return "Parquet"

    def close(self) -> None:
        """Close the file."""
        self._file.close()

    def rows(self) -> Iterator[Row]:
        """Every record, in file order."""
        number = 0
        try:
            for batch in self._file.iter_batches(batch_size=10_000):
                columns = [batch.column(i).to_pylist() for i in range(batch.num_columns)]
                for values in zip(*columns, strict=True):
                    number += 1
                    yield Row(number, list(values), f"record {number}")
        except InputError:
            raise
        except Exception as exc:
            raise InputError(
                self.path, f"cannot be read ({exc})", row=number + 1 if number else None
            ) from None
