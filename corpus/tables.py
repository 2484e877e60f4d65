"""Tables in articles kept as tables: each row as "<row label> — <column>: <value>".

A flat text extraction runs a statistics table into one line of numbers and glues a cell's
footnote marker to its value ("1216,000" for note 12 and 16,000). Here each table becomes one
line per row, which a question about that row can retrieve and quote, with the markers set apart
as "(note 12)". In a PDF the ruled tables of each page are found with pdfplumber and a marker is
a character clearly smaller than the rest of its cell; in HTML a marker is a <sup> in the cell.
The text around the tables is kept as it was.
"""

from __future__ import annotations

from typing import Any

NOTE_SIZE = 0.8  # a PDF character below 80% of its cell's largest is a footnote marker

Cell = tuple[str, list[str]]  # a cell's text and its footnote markers


def row_lines(grid: list[list[Cell]]) -> list[str]:
    """A table (header row first, row labels in the first column) as one line per row."""
    if len(grid) < 2:
        return []
    header = [text for text, _ in grid[0]]
    lines = []
    for row in grid[1:]:
        label = row[0][0] if row and row[0] else ""
        parts = []
        for column, (value, notes) in zip(header[1:], row[1:], strict=False):
            if value:
                note = f" (note {', '.join(notes)})" if notes else ""
                parts.append(f"{column}: {value}{note}" if column else f"{value}{note}")
        if label and parts:
            lines.append(f"{label} — " + "; ".join(parts) + ".")
    return lines


def page_text(page: Any, **options: Any) -> str:
    """A pdfplumber page's text, each ruled table as one line per row after the text around the tables.

    ``options`` go to pdfplumber's ``extract_text`` for the text around the tables.
    """
    tables = page.find_tables()
    if not tables:
        return page.extract_text(**options) or ""
    around = page
    for table in tables:
        around = around.outside_bbox(table.bbox)
    grids = [[[_pdf_cell(page, bbox) for bbox in row.cells] for row in table.rows] for table in tables]
    rows = [line for grid in grids for line in row_lines(grid)]
    return "\n".join([(around.extract_text(**options) or "").strip(), *rows]).strip()


def _pdf_cell(page: Any, bbox: tuple[float, float, float, float] | None) -> Cell:
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


def html_table_lines(table: Any) -> list[str]:
    """A BeautifulSoup <table> as one line per row; a cell spanning columns fills each of them."""
    grid: list[list[Cell]] = []
    for tr in table.find_all("tr"):
        if tr.find_parent("table") is not table:
            continue  # a row of a table nested in a cell
        row: list[Cell] = []
        for cell in tr.find_all(["th", "td"], recursive=False):
            notes = [sup.extract().get_text(" ", strip=True) for sup in cell.find_all("sup")]
            text = " ".join(cell.get_text(" ", strip=True).split())
            try:
                span = max(1, min(int(str(cell.get("colspan") or 1)), 50))
            except ValueError:
                span = 1
            row.extend([(text, [n for n in notes if n])] * span)
        if row:
            grid.append(row)
    caption = table.find("caption")
    lines = row_lines(grid)
    if caption and lines:
        return [caption.get_text(" ", strip=True), *lines]
    return lines
