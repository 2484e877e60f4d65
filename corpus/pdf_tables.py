"""Tables in PDFs kept as tables: each row as "<row label> — <column>: <value>".

A flat text extraction runs a statistics table into one line of numbers and glues a cell's
small raised footnote marker to its value ("1216,000" for note 12 and 16,000). Here the ruled
tables of each page are found with pdfplumber; a cell's footnote markers (characters clearly
smaller than the cell's text) are set apart as "(note 12)", and each row becomes one line that
a question about it can retrieve and quote. The text around the tables is kept as it was.
"""

from __future__ import annotations

import io
from typing import Any

NOTE_SIZE = 0.8  # a character below 80% of its cell's largest is a footnote marker


def pages_with_tables(raw: bytes) -> dict[int, str]:
    """For each page that holds a table: its text, with every table written row by row."""
    import pdfplumber

    out: dict[int, str] = {}
    with pdfplumber.open(io.BytesIO(raw)) as pdf:
        for number, page in enumerate(pdf.pages):
            tables = page.find_tables()
            if not tables:
                continue
            around = page
            for table in tables:
                around = around.outside_bbox(table.bbox)
            rows = [line for table in tables for line in _rows(page, table)]
            out[number] = "\n".join([(around.extract_text() or "").strip(), *rows]).strip()
    return out


def _rows(page: Any, table: Any) -> list[str]:
    cells = [[_cell(page, bbox) for bbox in row.cells] for row in table.rows]
    if len(cells) < 2:
        return []
    header = [text for text, _ in cells[0]]
    lines = []
    for row in cells[1:]:
        label = row[0][0] if row and row[0] else ""
        parts = []
        for column, (value, notes) in zip(header[1:], row[1:], strict=False):
            if value:
                note = f" (note {', '.join(notes)})" if notes else ""
                parts.append(f"{column}: {value}{note}")
        if label and parts:
            lines.append(f"{label} — " + "; ".join(parts) + ".")
    return lines


def _cell(page: Any, bbox: tuple[float, float, float, float] | None) -> tuple[str, list[str]]:
    """A cell's text and its footnote markers."""
    from pdfplumber.utils import extract_text

    if bbox is None:
        return "", []
    chars = page.crop(bbox).chars
    if not chars:
        return "", []
    largest = max(c["size"] for c in chars)
    body = [c for c in chars if c["size"] >= NOTE_SIZE * largest]
    small = [c for c in chars if c["size"] < NOTE_SIZE * largest]
    notes = extract_text(small).split() if small else []
    return " ".join(extract_text(body).split()), notes
