"""Tables in articles kept as tables: each row as "<row label> — <column>: <value>".

A flat text extraction runs a statistics table into one line of numbers and glues a cell's
footnote marker to its value ("1216,000" for note 12 and 16,000). Here each table becomes one
line per row, which a question about that row can retrieve and quote, with the markers set apart
as "(note 12)". In a PDF the ruled tables of each page are found with pdfplumber and a marker is
a character clearly smaller than the rest of its cell; in HTML a marker is a <sup> in the cell.
The text around the tables is kept as it was.
"""

from __future__ import annotations

import re
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

    ``options`` go to pdfplumber's ``extract_words`` for the text around the tables (``spaced_lines``).
    """
    tables = page.find_tables()
    if not tables:
        return spaced_lines(page, **options)
    around = page
    for table in tables:
        around = around.outside_bbox(table.bbox)
    grids = [[[_pdf_cell(page, bbox) for bbox in row.cells] for row in table.rows] for table in tables]
    rows = [line for grid in grids for line in row_lines(grid)]
    return "\n".join([spaced_lines(around, **options).strip(), *rows]).strip()


_WIDE = 0.75  # a gap wider than 3/4 of the font size (about three spaces) parts columns, not words
_HEADER_LINES = 6  # lines above a table's first row that may hold its column headings
Word = dict[str, Any]  # a pdfplumber word, with its "size"


def spaced_lines(page: Any, **options: Any) -> str:
    """A page's text line by line, its unruled tables written row by row.

    Plain text loses what the layout says: which numbers stand in one column, which heading
    stands over them, and which small raised digit is a footnote marker ("16,000¹" reads
    "16,0001"). Here a block of three or more lines whose cells are set apart by wide gaps, with
    a number in the last, is a table: each of its rows becomes "<row label> — <column>: <value>"
    (``row_lines``), its column headings read from the lines above it by position, and a
    character clearly smaller than the rest of its line is a marker, "(note 1)".
    """
    lines = _lines(page.extract_words(extra_attrs=["size"], **options))
    segments = [_segments(line) for line in lines]
    out: list[str] = []
    k = 0
    while k < len(lines):
        end = k
        while end < len(lines) and _row_like(segments[end]):
            end += 1
        if end - k >= 3:
            if _years_only(segments[k]) and not all(_years_only(s) for s in segments[k + 1 : end]):
                out.append(_shown(segments[k]))  # "Item  2023  2024": the headings' last line, not a row
                k += 1
            top = k
            while (
                top > 0
                and k - top < _HEADER_LINES
                and top - 1 >= len(out) - _HEADER_LINES
                and _heading_like(segments[top - 1], segments[k:end])
            ):
                top -= 1
            del out[len(out) - (k - top) :]
            out += row_lines(_grid(segments[top:k], segments[k:end]))
            k = end
            continue
        out.append(_shown(segments[k]))
        k += 1
    return "\n".join(out)


def _lines(words: list[Word]) -> list[list[Word]]:
    """Words grouped into lines, left to right; a raised marker joins the line it is raised above."""
    lines: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (round(w["bottom"]), w["x0"])):
        if lines:
            line = lines[-1]
            base = max(line, key=lambda w: w["size"])
            if abs(base["bottom"] - word["bottom"]) <= 0.6 * max(base["size"], word["size"]):
                line.append(word)
                continue
        lines.append([word])
    for line in lines:
        line.sort(key=lambda w: w["x0"])
    return lines


def _segments(line: list[Word]) -> list[list[Word]]:
    """A line cut at its wide gaps: the cells of a table row, or one piece of prose."""
    largest = max(w["size"] for w in line)
    cells: list[list[Word]] = [[line[0]]]
    for prev, word in zip(line, line[1:], strict=False):
        if word["x0"] - prev["x1"] > _WIDE * largest:
            cells.append([word])
        else:
            cells[-1].append(word)
    return cells


def _cell(words: list[Word], largest: float) -> Cell:
    body = [w["text"] for w in words if w["size"] >= NOTE_SIZE * largest]
    notes = [w["text"] for w in words if w["size"] < NOTE_SIZE * largest]
    return " ".join(body), notes


def _shown(cells: list[list[Word]]) -> str:
    """A line that is no table row: its pieces as written, a wide gap kept wide, markers set apart."""
    largest = max(w["size"] for c in cells for w in c)
    parts = []
    for cell in cells:
        text, notes = _cell(cell, largest)
        parts.append(text + "".join(f" (note {n})" for n in notes))
    return "   ".join(parts)


_VALUE = re.compile(r"^[<>~≈]?[-+−–]?[$€£¥]?\d[\d,.]*\s*(?:%|t|kg)?$|^(?:—|–|-|NA|W|XX|n/a)$", re.I)


def _row_like(cells: list[list[Word]]) -> bool:
    """A table row: a label, then at least one cell, every one of them a value."""
    if len(cells) < 2:
        return False
    largest = max(w["size"] for c in cells for w in c)
    values = [_cell(c, largest)[0] for c in cells[1:]]
    return all(_VALUE.match(v) for v in values if v)


def _years_only(cells: list[list[Word]]) -> bool:
    largest = max(w["size"] for c in cells for w in c)
    return all(re.fullmatch(r"(?:19|20)\d\d[ep]?", _cell(c, largest)[0]) for c in cells[1:])


def _heading_like(cells: list[list[Word]], rows: list[list[list[Word]]]) -> bool:
    """A line of column headings: cells over the table's columns, not a caption or a sentence across it."""
    right = max(c[-1]["x1"] for row in rows for c in row)
    first_value = min(row[1][0]["x0"] for row in rows)
    if len(cells) == 1:  # one heading, wrapped: it stands over the values, not from the left margin
        return cells[0][0]["x0"] > first_value - 60 and cells[0][-1]["x1"] <= right + 4
    return cells[-1][-1]["x1"] <= right + 60


def _grid(heading: list[list[list[Word]]], rows: list[list[list[Word]]]) -> list[list[Cell]]:
    """The table as a grid of cells, header first, each heading put over the column it stands above.

    Columns are read from the rows that fill every one: a row's cells in order. A shorter row's
    cells, and the headings, go to the column whose span they overlap most; a heading cell that
    runs across two columns is placed word by word. Where every column's values are right-aligned,
    so are its headings: a heading's word belongs to the first column whose edge is at or right of
    it, however close the next column's heading comes ("Quantity  Change on a year earlier").
    """
    width = max(len(r) for r in rows)
    full = [r for r in rows if len(r) == width]
    spans = [(min(r[j][0]["x0"] for r in full), max(r[j][-1]["x1"] for r in full)) for j in range(1, width)]

    labels = max(r[0][-1]["x1"] for r in rows)  # the row labels' column ends here

    def column(x0: float, x1: float) -> int:
        if x0 <= labels + 2 and x1 < spans[0][0]:
            return 0
        return 1 + max(range(len(spans)), key=lambda j: min(x1, spans[j][1]) - max(x0, spans[j][0]))

    def spread(segment: list[Word]) -> int | None:
        """The one column a heading's cell stands over, or None when it runs across several."""
        cols = {column(w["x0"], w["x1"]) for w in segment}
        return cols.pop() if len(cols) == 1 else None

    def edge(cell: list[Word]) -> float:  # where a value ends: a raised marker after it ("31,000¹") aside
        largest = max(w["size"] for w in cell)
        return max(w["x1"] for w in cell if w["size"] >= NOTE_SIZE * largest)

    edges = [max(edge(r[j]) for r in full) for j in range(1, width)]
    # within half an em: a dash is wider than a digit
    flush = len(full) > 1 and all(e - min(edge(r[j + 1]) for r in full) <= 5 for j, e in enumerate(edges))

    step = min([b - a for a, b in zip(edges, edges[1:], strict=False)] or [float("inf")])

    def under(segment: list[Word]) -> list[int]:
        """The column of each word of a heading's segment: the one whose edge the segment ends nearest."""
        if column(segment[0]["x0"], segment[-1]["x1"]) == 0:
            return [0] * len(segment)
        if segment[-1]["x1"] - segment[0]["x0"] <= step:
            at = 1 + min(range(len(edges)), key=lambda j: abs(edges[j] - segment[-1]["x1"]))
            return [at] * len(segment)
        # wider than a column: two headings run together, each word to the first edge at or right of it
        return [1 + next((j for j, e in enumerate(edges) if w["x1"] <= e + 4), len(edges) - 1) for w in segment]

    header: list[list[Word]] = [[] for _ in range(width)]
    for line in heading:
        for segment in line:
            at = spread(segment)
            places = under(segment) if flush else [at if at is not None else column(w["x0"], w["x1"]) for w in segment]
            for word, place in zip(segment, places, strict=True):
                header[place].append(word)
    largest = max([w["size"] for c in header for w in c] or [1.0])
    grid = [[_cell(c, largest) if c else ("", []) for c in header]]
    for row in rows:
        cells: list[list[Word]] = [[] for _ in range(width)]
        for j, segment in enumerate(row):
            at = j if len(row) == width or j == 0 else column(segment[0]["x0"], segment[-1]["x1"])
            cells[at] += segment
        largest = max(w["size"] for c in row for w in c)
        grid.append([_cell(c, largest) if c else ("", []) for c in cells])
    return grid


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
