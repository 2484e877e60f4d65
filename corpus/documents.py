"""Reading articles into one ``Document`` shape: markdown with front matter, text, HTML and PDF.

Each reader returns the article's text and what a citation needs (title, publisher, date, url).
A file that cannot be read raises ``DocumentError`` naming it; the caller decides to go on.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from corpus.tables import html_table_lines, pdf_pages_with_tables
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
    import io

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(raw))
        if len(reader.pages) > MAX_PDF_PAGES:
            raise DocumentError(path, f"has {len(reader.pages)} pages; the limit is {MAX_PDF_PAGES}")
        pages = [page.extract_text() or "" for page in reader.pages]
        info = reader.metadata or {}
        # tables read as rows, once pypdf has read (and bounded) every stream
        for number, text in pdf_pages_with_tables(raw).items():
            pages[number] = text
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
