"""Reading articles into one ``Document`` shape: markdown with front matter, text, HTML and PDF.

Each reader returns the article's text and what a citation needs (title, publisher, date, url).
A file that cannot be read raises ``DocumentError`` naming it; the caller decides to go on.

Only what a reader of the article sees is kept. A PDF can carry text for machines alone: in
an invisible render mode, too small to read, or white on a white page; those characters are
left out as the page is laid out. A title or publisher is shown on source cards, so it is
read like a passage: normalised, and withheld when it addresses an AI system.
"""

from __future__ import annotations

import hashlib
import io
import math
import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from corpus.guard import looks_like_instructions, normalise
from corpus.tables import html_table_lines, page_text
from tools.errors import AssistantError
from tools.periods import parse_period

SUFFIXES = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".txt": "text",
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
}
UNKNOWN_PUBLISHER = "Unknown publisher"

MAX_TEXT = 2_000_000  # characters of text in one article (a long report is ~300,000)
MAX_PDF_PAGES = 1000

HIDDEN_RENDER_MODES = frozenset({3, 7})  # text render modes that paint nothing: invisible, clip only
MIN_TEXT_SIZE = 2.0  # points on the page, after every scaling: smaller text is not there to be read
NEAR_BACKGROUND = 0.1  # text within this of the colour behind it, in every RGB channel, cannot be seen
Rgb = tuple[float, float, float]
Box = tuple[float, float, float, float]
PAPER: Rgb = (1.0, 1.0, 1.0)  # what lies behind text that nothing was painted under
# Text in the order the PDF draws it, so a column is read down to its end, not across to the
# next; a gap of 15% of the font size between letters is a space (a fixed 3 pt runs the words of
# small print, set without space characters, together).
PDF_TEXT = {"use_text_flow": True, "x_tolerance_ratio": 0.15}


class DocumentError(AssistantError):
    """An article that cannot be read."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}")


@dataclass(frozen=True)
class SourceRef:
    """An original source an article names."""

    publisher: str
    title: str = ""
    date: str = ""
    url: str = ""


@dataclass(frozen=True)
class Document:
    """An article ready to be chunked: its text and citation metadata."""

    doc_id: str
    path: str
    kind: str
    title: str
    text: str
    content_hash: str
    date: str = ""
    publisher: str = UNKNOWN_PUBLISHER
    url: str = ""
    topics: tuple[str, ...] = ()
    sources: tuple[SourceRef, ...] = field(default=())
    # the figures its text states (``assistant.stated``), each with its span in ``text``
    stated: tuple[dict[str, object], ...] = ()
    stated_version: str = ""  # the extraction that read them: "" when none did


def document_id(path: Path, root: Path | None = None) -> str:
    """A stable id: the path relative to ``root`` when given, else a hash of the full path."""
    path = path.resolve()
    if root is not None:
        return f"{root.name}/{path.relative_to(root.resolve()).as_posix()}"
    digest = hashlib.sha1(str(path).encode()).hexdigest()[:12]
    return f"file/{digest}-{path.name}"


def discover(paths: list[Path]) -> list[tuple[Path, Path | None]]:
    """Every readable article under the given files and folders, with the folder it came from."""
    found: list[tuple[Path, Path | None]] = []
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and child.suffix.lower() in SUFFIXES and not child.name.startswith("."):
                    found.append((child, path))
        elif path.is_file():
            found.append((path, None))
        else:
            raise DocumentError(path, "no such file or folder")
    return found


def read_document(path: Path, root: Path | None = None) -> Document:
    """Read one article of any supported kind."""
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        raise DocumentError(path, f"unsupported file type {path.suffix!r} (use md, txt, html or pdf)")
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise DocumentError(path, f"cannot read ({err.strerror})") from None
    digest = bytes_hash(raw)
    reader = {"markdown": _markdown, "text": _text, "html": _html, "pdf": _pdf}[kind]
    fields = reader(path, raw)
    text = fields.pop("text").strip()
    _clean_citation(fields, path)
    fields["url"] = web_url(str(fields.get("url") or ""))
    if len(text) < 20:
        raise DocumentError(path, "has no readable text")
    if len(text) > MAX_TEXT:
        raise DocumentError(path, f"holds {len(text):,} characters of text; the limit is {MAX_TEXT:,}")
    return Document(doc_id=document_id(path, root), path=str(path), kind=kind, text=text, content_hash=digest, **fields)


def bytes_hash(raw: bytes) -> str:
    """A document version's fingerprint: the SHA-256 of the file's bytes."""
    return hashlib.sha256(raw).hexdigest()


def file_hash(path: Path) -> str:
    """The fingerprint of the file as it is now ("" when it cannot be read)."""
    try:
        return bytes_hash(path.read_bytes())
    except OSError:
        return ""


def web_url(url: str) -> str:
    """The link when it is an http(s) address, else "": a javascript: or data: link is never kept."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return ""
    return parts.geturl() if parts.scheme.lower() in ("http", "https") and parts.netloc else ""


def shown_text(value: object, fallback: str) -> str:
    """A title or publisher as a source card may show it; ``fallback`` when it addresses an AI system.

    The verdict is on the text as written, so that words hidden in invisible characters count;
    what is shown is the normalised text, with those characters gone.
    """
    raw = str(value or "")
    if not raw.strip() or looks_like_instructions(raw):
        return fallback
    text = "".join(ch for ch in normalise(raw) if ch.isprintable())
    return text or fallback


def _clean_citation(fields: dict[str, Any], path: Path) -> None:
    fields["title"] = shown_text(fields.get("title"), path.stem)
    if "publisher" in fields:
        fields["publisher"] = shown_text(fields["publisher"], UNKNOWN_PUBLISHER)
    if fields.get("sources"):
        fields["sources"] = tuple(
            SourceRef(shown_text(s.publisher, UNKNOWN_PUBLISHER), shown_text(s.title, ""), s.date, s.url)
            for s in fields["sources"]
        )


def _decode(path: Path, raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return raw.decode("cp1252")
        except UnicodeDecodeError:
            raise DocumentError(path, "is neither UTF-8 nor Windows-1252 text") from None


def _iso_date(value: object) -> str:
    """A date as YYYY-MM-DD (or YYYY-MM), or "" when it cannot be read."""
    if isinstance(value, date):
        return value.isoformat()
    text = str(value or "").strip()
    if not text:
        return ""
    match = re.match(r"^(\d{4}-\d{2}-\d{2})", text)
    if match:
        return match.group(1)
    try:
        period = parse_period(text)
    except ValueError:
        return ""
    return period.start.isoformat() if period.kind == "day" else period.code


def _markdown(path: Path, raw: bytes) -> dict[str, object]:
    import yaml

    text = _decode(path, raw)
    meta: dict[str, object] = {}
    match = re.match(r"^---\s*\n(.*?)\n---\s*\n", text, re.S)
    if match:
        try:
            loaded = yaml.safe_load(match.group(1)) or {}
        except yaml.YAMLError as err:
            raise DocumentError(path, f"front matter is not valid YAML ({err.__class__.__name__})") from None
        if not isinstance(loaded, dict):
            raise DocumentError(path, "front matter must be a mapping of fields")
        meta = loaded
        text = text[match.end() :]
    sources = tuple(
        SourceRef(
            str(s.get("publisher") or UNKNOWN_PUBLISHER),
            str(s.get("title") or ""),
            _iso_date(s.get("date")),
            str(s.get("url") or ""),
        )
        for s in meta.get("sources") or []
        if isinstance(s, dict)
    )
    title = str(meta.get("title") or _first_heading(text) or path.stem)
    first = sources[0] if sources else None
    return {
        "text": text,
        "title": title,
        "date": _iso_date(meta.get("date")),
        "publisher": str(meta.get("publisher") or (first.publisher if first else UNKNOWN_PUBLISHER)),
        "url": str(meta.get("url") or (first.url if first else "")),
        "topics": tuple(str(t) for t in meta.get("topics") or []),
        "sources": sources,
    }


def _first_heading(text: str) -> str:
    match = re.search(r"^#\s+(.+)$", text, re.M)
    return match.group(1).strip() if match else ""


def _text(path: Path, raw: bytes) -> dict[str, object]:
    text = _decode(path, raw)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    when = ""
    if lines:
        when = _iso_date(lines[0])
        if when:  # a dateline such as "September 25, 2025" opens the article
            lines = lines[1:]
    title = lines[0] if lines and len(lines[0]) < 200 else path.stem
    return {"text": text, "title": title, "date": when}


def _html(path: Path, raw: bytes) -> dict[str, object]:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(_decode(path, raw), "html.parser")

    def meta(*names: str) -> str:
        for name in names:
            tag = soup.find("meta", attrs={"property": name}) or soup.find("meta", attrs={"name": name})
            if tag and tag.get("content"):
                return str(tag["content"]).strip()
        return ""

    title = meta("og:title", "twitter:title", "title") or (soup.title.get_text(strip=True) if soup.title else "")
    published = meta("article:published_time", "date", "pubdate", "publish-date", "dc.date", "DC.date")
    if not published:
        time_tag = soup.find("time")
        published = str(time_tag.get("datetime") or time_tag.get_text(strip=True)) if time_tag else ""
    publisher = meta("og:site_name", "publisher", "author") or UNKNOWN_PUBLISHER
    canonical = soup.find("link", rel="canonical")
    url = meta("og:url") or (str(canonical.get("href")) if canonical else "")
    for tag in soup(
        ["script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe", "svg", "button"]
    ):
        tag.decompose()
    body = soup.find("article") or soup.find("main") or soup.body or soup
    blocks = []
    for block in body.find_all(["h1", "h2", "h3", "p", "li", "blockquote", "table"]):
        if block.name == "table":
            if not block.find_parent("table"):
                blocks.append("\n".join(html_table_lines(block)))
        elif not block.find_parent("table"):  # text inside a table is read with its row
            blocks.append(block.get_text(" ", strip=True))
    text = "\n\n".join(b for b in blocks if b) or body.get_text("\n", strip=True)
    if not title:
        heading = body.find("h1")
        title = heading.get_text(strip=True) if heading else path.stem
    return {"text": text, "title": title, "date": _iso_date(published), "publisher": publisher, "url": url}


def _pdf(path: Path, raw: bytes) -> dict[str, object]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(raw))
        if len(reader.pages) > MAX_PDF_PAGES:
            raise DocumentError(path, f"has {len(reader.pages)} pages; the limit is {MAX_PDF_PAGES}")
        # pypdf inflates every stream under its size limits: a decompression bomb stops here,
        # before pdfminer, which has no such limits, reads the pages for their text
        for page in reader.pages:
            page.extract_text()
        info = reader.metadata or {}
        pages = _pdf_pages(raw)
    except DocumentError:
        raise
    except PdfReadError as err:
        raise DocumentError(path, f"is not a readable PDF ({err.__class__.__name__})") from None
    except Exception as err:  # noqa: BLE001 - a damaged or hostile PDF breaks the parser in many ways
        raise DocumentError(path, f"could not be read as a PDF ({err.__class__.__name__})") from None
    text = "\n\n".join(p.strip() for p in pages if p.strip())
    if not text:
        raise DocumentError(path, "has no text layer (scanned PDFs need OCR first)")
    title = str(info.get("/Title") or "").strip() or next(
        (ln.strip() for ln in text.splitlines() if ln.strip()), path.stem
    )
    created = str(info.get("/CreationDate") or "")
    match = re.match(r"D:(\d{4})(\d{2})(\d{2})", created)
    when = f"{match.group(1)}-{match.group(2)}-{match.group(3)}" if match else ""
    publisher = str(info.get("/Author") or "").strip() or UNKNOWN_PUBLISHER
    return {"text": text, "title": title, "date": when, "publisher": publisher}


def _pdf_pages(raw: bytes) -> list[str]:
    """Each page's visible text, its ruled tables written row by row."""
    import pdfplumber

    with pdfplumber.open(io.BytesIO(raw)) as pdf:
        texts = []
        for page in pdf.pages:
            _lay_out_visible(page)
            texts.append(page_text(page, **PDF_TEXT))
            page.close()  # a long report's layouts are not all held at once
        return texts


def _lay_out_visible(page: Any) -> None:
    """Lay a pdfplumber page out without the characters no reader of it sees.

    pdfplumber reads every character, word, table and crop of a page from its layout; one made
    here, by a device that leaves hidden characters out, is the one all of them then read.
    """
    from pdfminer.pdfinterp import PDFPageInterpreter

    device = _visible_text_device()(page.pdf.rsrcmgr, pageno=page.page_number, laparams=page.pdf.laparams)
    PDFPageInterpreter(page.pdf.rsrcmgr, device).process_page(page.page_obj)
    page._layout = device.get_result()


@lru_cache(maxsize=1)
def _visible_text_device() -> type:
    """The layout device pdfplumber uses, leaving out each character a reader of the page cannot see.

    Built on first use: pdfplumber is imported only when a PDF is read.
    """
    from pdfminer.utils import apply_matrix_pt
    from pdfplumber.page import PDFPageAggregatorWithMarkedContent

    class VisibleTextDevice(PDFPageAggregatorWithMarkedContent):
        def begin_page(self, page: Any, ctm: Any) -> None:
            super().begin_page(page, ctm)
            self.painted: list[tuple[Box, Rgb | None]] = []  # what lies under later text, in painting order
            self.render_mode = 0

        def paint_path(self, gstate: Any, stroke: bool, fill: bool, evenodd: bool, path: Any) -> None:
            super().paint_path(gstate, stroke, fill, evenodd, path)
            # a path of several parts comes back here once per part
            if fill and [seg[0] for seg in path].count("m") == 1:
                points = [apply_matrix_pt(self.ctm, xy) for xy in _path_points(path)]
                if points:
                    colour = _rgb(gstate.ncolor, getattr(gstate, "ncs", None))
                    # only a rectangle fills its bounds: the colour under text beside a curve is not told
                    self.painted.append((_bounds(points), colour if _is_rectangle(points) else None))

        def render_image(self, name: str, stream: Any) -> None:
            super().render_image(name, stream)
            self.painted.append((self.cur_item.bbox, None))  # an image's colours are not judged

        def render_string(self, textstate: Any, seq: Any, ncs: Any, graphicstate: Any) -> None:
            self.render_mode = textstate.render
            super().render_string(textstate, seq, ncs, graphicstate)

        def render_char(
            self, matrix: Any, font: Any, fontsize: float, scaling: float, rise: float, cid: int, ncs: Any, gs: Any
        ) -> float:
            advance = font.char_width(cid) * fontsize * scaling
            if self.render_mode in HIDDEN_RENDER_MODES or _text_size(matrix, fontsize, scaling) < MIN_TEXT_SIZE:
                return advance  # the pen still moves past it, so the visible text keeps its place
            ink = _ink(self.render_mode, gs, ncs)
            if None not in ink:
                centre = apply_matrix_pt(matrix, (advance / 2, rise + fontsize / 3))
                if _blends_in(ink, _colour_behind(self.painted, centre)):
                    return advance
            return super().render_char(matrix, font, fontsize, scaling, rise, cid, ncs, gs)

    return VisibleTextDevice


def _blends_in(ink: list[Rgb | None], behind: Rgb | None) -> bool:
    """Whether every colour of a character is that of what lies behind it (never, when that is not known)."""
    if behind is None:
        return False
    return all(
        colour is not None and max(abs(a - b) for a, b in zip(colour, behind, strict=True)) <= NEAR_BACKGROUND
        for colour in ink
    )


def _text_size(matrix: tuple[float, ...], fontsize: float, scaling: float) -> float:
    """The glyphs' height on the page, or their width when horizontal scaling makes that smaller."""
    a, b, c, d = matrix[:4]
    return abs(fontsize) * min(math.hypot(a, b) * abs(scaling), math.hypot(c, d))


def _ink(mode: int, gs: Any, ncs: Any) -> list[Rgb | None]:
    """The colours a character is painted in: fill, stroke or both, as its render mode says."""
    fill = _rgb(gs.ncolor, ncs)
    stroke = _rgb(gs.scolor, getattr(gs, "scs", None))
    if mode in (1, 5):
        return [stroke]
    if mode in (2, 6):
        return [fill, stroke]
    return [fill]


def _rgb(colour: Any, space: Any) -> Rgb | None:
    """A colour as RGB from 0 to 1, or None where it cannot be told (patterns, indexed, Lab)."""
    values = colour if isinstance(colour, (tuple, list)) else (colour,)
    if not values or not all(isinstance(v, (int, float)) for v in values):
        return None
    name = getattr(space, "name", "")
    if name in ("Separation", "DeviceN"):
        return PAPER if all(v <= 0 for v in values) else None  # a tint of 0 lays down no ink
    if name in ("Indexed", "Pattern", "Lab"):
        return None
    if len(values) == 1:
        return (float(values[0]),) * 3
    if len(values) == 3:
        return (float(values[0]), float(values[1]), float(values[2]))
    if len(values) == 4:
        c, m, y, k = (float(v) for v in values)
        return ((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))
    return None


def _colour_behind(painted: list[tuple[Box, Rgb | None]], point: tuple[float, float]) -> Rgb | None:
    """The colour of the last shape painted under a point (the paper when there is none)."""
    x, y = point
    for (x0, y0, x1, y1), colour in reversed(painted):
        if x0 <= x <= x1 and y0 <= y <= y1:
            return colour
    return PAPER


def _path_points(path: Any) -> list[tuple[float, float]]:
    """The points of a path's segments ("m", x, y), ("c", x1, y1, x2, y2, x3, y3) ..."""
    return [xy for seg in path for xy in zip(seg[1::2], seg[2::2], strict=False)]


def _is_rectangle(points: list[tuple[float, float]]) -> bool:
    """Whether a path of four corners (the first repeated at the end or not) has its sides along the axes."""

    def same(a: float, b: float) -> bool:
        return abs(a - b) < 0.01  # points in page units, after the CTM's rounding

    corners = points[:4]
    if len(points) not in (4, 5) or (len(points) == 5 and not all(map(same, points[4], points[0]))):
        return False
    sides = zip(corners, corners[1:] + corners[:1], strict=True)
    return all(same(a[0], b[0]) != same(a[1], b[1]) for a, b in sides)


def _bounds(points: list[tuple[float, float]]) -> Box:
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return (min(xs), min(ys), max(xs), max(ys))
