"""Writing small PDFs for tests by hand: no PDF writer is among the project's dependencies."""

from typing import NamedTuple


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _info(title: str, author: str, created: str) -> str:
    return f"<< /Title ({_escape(title)}) /Author ({_escape(author)}) /CreationDate (D:{created}120000) >>"


def _stream(ops: str) -> bytes:
    stream = ops.encode("latin-1")
    return b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream"


def report_pdf(lines: tuple[str, ...], title: str, author: str = "Example Agency", created: str = "20250915") -> bytes:
    """A one-page PDF with one text line per item (Helvetica) and an info dictionary."""
    shown = " T* ".join(f"({_escape(line)}) Tj" for line in lines)
    return _pdf(_stream(f"BT /F1 10 Tf 14 TL 56 760 Td {shown} ET"), _info(title, author, created))


class Run(NamedTuple):
    """One line of text and how it is drawn.

    ``ops`` are graphics and text state operators run before the line's text object, inside the
    line's own q/Q so that nothing leaks into the next line: "3 Tr", "1 1 1 rg", "/F1 1 Tf", a
    "cm", a filled rectangle behind the text. ``tm`` is the text matrix inside the text object,
    at the line's origin ("0.1 0 0 0.1 0 0" shrinks 10 pt text to 1 pt on the page).
    """

    text: str
    ops: str = ""
    tm: str = "1 0 0 1 0 0"


def styled_pdf(runs: tuple[Run, ...], title: str = "Styled report", author: str = "Example Agency") -> bytes:
    """A one-page PDF with one line per run (Helvetica 10 pt, black, unless its operators say otherwise).

    Lines are 24 pt apart, so that boxes filled behind two lines do not touch and read as a table.
    """
    lines = [
        f"q 1 0 0 1 56 {760 - 24 * n} cm /F1 10 Tf {run.ops} BT {run.tm} Tm ({_escape(run.text)}) Tj ET Q"
        for n, run in enumerate(runs)
    ]
    return _pdf(_stream("\n".join(lines)), _info(title, author, "20250915"))


def bomb_pdf(expanded: int) -> bytes:
    """A PDF whose one content stream inflates from a few hundred kB to ``expanded`` bytes."""
    import zlib

    packer = zlib.compressobj(9)
    chunk = b"BT /F1 10 Tf 56 760 Td (rare earth) Tj ET\n" * 4096
    packed = b"".join(packer.compress(chunk) for _ in range(expanded // len(chunk) + 1)) + packer.flush()
    body = b"<< /Length " + str(len(packed)).encode() + b" /Filter /FlateDecode >>\nstream\n" + packed
    return _pdf(body + b"\nendstream", "<< /Title (Bomb) >>")


def _pdf(content: bytes, info: str) -> bytes:
    return _pdf_of_pages([content], info)


def table_pdf(
    title: str,
    header: list[str],
    rows: list[list[str]],
    notes: dict[tuple[int, int], str],
    hidden: dict[tuple[int, int], str] | None = None,
) -> bytes:
    """A one-page statistics table with ruled cells, like a yearbook page.

    ``notes`` puts a small raised footnote marker in front of a cell's value, keyed by
    (row, column), as yearbooks print them; a flat text extraction glues the two ("1216,000").
    ``hidden`` writes text after a cell's value in render mode 3, which no viewer shows.
    """
    left, top, width, height = 56, 700, 130, 22
    cols, lines = len(header), len(rows) + 1
    ops = [f"BT /F1 13 Tf {left} 740 Td ({title}) Tj ET", "0.5 w"]
    for i in range(lines + 1):
        y = top - i * height
        ops.append(f"{left} {y} m {left + cols * width} {y} l S")
    for j in range(cols + 1):
        x = left + j * width
        ops.append(f"{x} {top} m {x} {top - lines * height} l S")
    for i, cells in enumerate([header, *rows]):
        y = top - (i + 1) * height + 7
        for j, text in enumerate(cells):
            x = left + j * width + 20
            note = notes.get((i - 1, j)) if i else None
            if note:
                ops.append(f"BT /F1 6 Tf {x - 4 - 3.4 * len(note)} {y + 4} Td ({note}) Tj ET")
            ops.append(f"BT /F1 10 Tf {x} {y} Td ({text}) Tj ET")
            secret = (hidden or {}).get((i - 1, j)) if i else None
            if secret:
                ops.append(f"q BT 3 Tr /F1 10 Tf {x + 40} {y} Td ({_escape(secret)}) Tj ET Q")  # Tr outlives ET
    return _pdf(_stream("\n".join(ops)), _info(title, "Statistics Office", "20250601"))


def _pdf_of_pages(contents: list[bytes], info: str) -> bytes:
    """A PDF of several pages, each one content stream; fonts F1 (Helvetica) and F2 (Helvetica-Bold)."""
    n = len(contents)
    first_page = 3  # objects: catalog, pages, then each page and its content, then the fonts and info
    fonts = first_page + 2 * n
    kids = " ".join(f"{first_page + 2 * k} 0 R" for k in range(n))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", f"<< /Type /Pages /Kids [{kids}] /Count {n} >>".encode()]
    for k, content in enumerate(contents):
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {first_page + 2 * k + 1} 0 R "
            f"/Resources << /Font << /F1 {fonts} 0 R /F2 {fonts + 1} 0 R >> >> >>".encode()
        )
        objects.append(content)
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>")
    objects.append(info.encode("latin-1"))
    out = b"%PDF-1.4\n"
    offsets = []
    for k, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{k} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info {len(objects)} 0 R >>\n".encode()
    out += f"startxref\n{xref}\n%%EOF\n".encode()
    return out


def _latin(text: str) -> str:
    """Text as a standard Type 1 font shows it (WinAnsi): a minus sign becomes a hyphen."""
    return _escape(text.replace("\u2212", "-"))


def _ansi_stream(ops: list[str]) -> bytes:
    """A content stream in WinAnsi (cp1252), where dashes and curly quotes have their own codes."""
    stream = "\n".join(ops).encode("cp1252", errors="replace")
    return b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream"


def _wrapped(text: str, width: int) -> list[str]:
    import textwrap

    return textwrap.wrap(text, width, break_long_words=False) or [""]


def summary_pdf(spec: dict) -> bytes:
    """A statistics summary laid out as a government mineral summary: headings, prose, unruled tables.

    ``spec`` holds "title", "publisher", "date" (ISO) and "pages", each a list of blocks:
    {"heading": text}, {"paragraph": text}, {"table": {"caption", "header", "rows", "footnotes"}}.
    Tables have no rules: columns are set apart by space alone, the first left-aligned, the others
    right-aligned. A cell written "13,000^3" shows 13,000 with a small raised 3 after it, as
    footnote markers are printed.
    """
    streams = []
    for blocks in spec["pages"]:
        ops: list[str] = []
        y = 750.0
        for block in blocks:
            if "heading" in block:
                y -= 8
                ops.append(f"BT /F2 11 Tf 56 {y:.1f} Td ({_latin(block['heading'])}) Tj ET")
                y -= 16
            elif "paragraph" in block:
                for line in _wrapped(block["paragraph"], 100):
                    ops.append(f"BT /F1 9 Tf 56 {y:.1f} Td ({_latin(line)}) Tj ET")
                    y -= 12
                y -= 4
            elif "table" in block:
                y = _unruled_table(ops, block["table"], y)
        streams.append(_ansi_stream(ops))
    created = spec["date"].replace("-", "")
    return _pdf_of_pages(streams, _info(spec["title"], spec["publisher"], created))


def _unruled_table(ops: list[str], table: dict, y: float) -> float:
    header, rows = table["header"], table["rows"]
    label_width = 250 if len(header) > 4 else 300
    step = (556 - 56 - label_width) / max(1, len(header) - 1)
    ops.append(f"BT /F2 9 Tf 56 {y:.1f} Td ({_latin(table.get('caption', ''))}) Tj ET")
    y -= 16
    # a heading longer than its column is wrapped over several lines, bottom-aligned, with room between columns
    wrapped = [_wrapped(cell, 40 if j == 0 else max(8, int(step / 5.5))) for j, cell in enumerate(header)]
    depth = max(len(w) for w in wrapped)
    for k in range(depth):
        line = [w[k - (depth - len(w))] if k >= depth - len(w) else "" for w in wrapped]
        _table_line(ops, line, "/F2", label_width, step, y)
        y -= 10
    y -= 2
    for cells in rows:
        _table_line(ops, cells, "/F1", label_width, step, y)
        y -= 11
    y -= 3
    for note in table.get("footnotes", []):
        for line in _wrapped(note, 120):
            ops.append(f"BT /F1 7 Tf 56 {y:.1f} Td ({_latin(line)}) Tj ET")
            y -= 9
    return y - 8


def _table_line(ops: list[str], cells: list[str], font: str, label_width: float, step: float, y: float) -> None:
    """One line of an unruled table: the first cell left-aligned, the others right-aligned in their columns."""
    for j, cell in enumerate(cells):
        text, _, note = cell.partition("^")
        if not text and not note:
            continue
        # the label left-aligned, a value right-aligned at its column's edge (about half an em a character)
        x = 56.0 if j == 0 else 56 + label_width + j * step - 0.5 * 8 * len(text)
        ops.append(f"BT {font} 8 Tf {x:.1f} {y:.1f} Td ({_latin(text)}) Tj ET")
        if note:
            width = 0.5 * 8 * len(text) if j else 0.56 * 8 * len(text)  # a label's letters run wider
            ops.append(f"BT /F1 5 Tf {x + width + 0.8:.1f} {y + 3.5:.1f} Td ({_latin(note)}) Tj ET")
