"""Markdown from articles and models made inert: images dropped, links shown as text with their domain.

Passage sentences, snippets and model drafts are shown by a Markdown renderer. An image in them
is fetched by every reader's browser (a tracking beacon once the article is in a shared
library), and a link stays clickable under whatever text it was given. The text is parsed with
markdown-it (a CommonMark parser), so code spans stay as written and only what a renderer would
turn into a link, an image or an HTML tag is rewritten:

- an image, as Markdown or as ``<img>``, is dropped;
- a link (inline, reference-style, ``<autolink>``, ``<a href>``) becomes its text and its domain,
  "official GACC release (evil.example)"; reference definitions and other HTML tags go;
- a bare address becomes its domain, which no renderer links.

Our own citation markers ``[n]`` are kept. The result is parsed again: should anything in it still
be live, or should the text be too long to parse quickly, every link, image and tag syntax in it
is broken character by character instead.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from html.parser import HTMLParser
from typing import Any, TypeVar
from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline, autolink, backtick, html_inline, image, link
from markdown_it.token import Token

# bounded repeats and no nested quantifiers: each scans the text in linear time
_URL = re.compile(r"(?:(?:https?|ftp)://|www\.)[^\s<>\[]{0,2048}", re.IGNORECASE)
_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")
_SCHEME = re.compile(r"(https?|ftp)://", re.IGNORECASE)
_WWW = re.compile(r"(www)\.", re.IGNORECASE)
_SIMPLE_IMAGE = re.compile(r"!\[[^\[\]\n]{0,1000}\]\([^()\s]{0,2048}\)")
_MARKER = re.compile(r"\[(\d{1,3})\](?:\[\])?")
# CommonMark makes a link, an image or HTML only of text that holds one of these
_TRIGGERS = re.compile(r"\]\(|\]\[|\]:|<|(?:https?|ftp)://|www\.", re.IGNORECASE)
_TRAILING = ".,:;!?'\"*_~"
_CLOSING = tuple(".,:;!?)")
_PARSED_MAX = 20_000  # markdown-it spends tens of microseconds on each bracket: longer text is defanged
_MAX_DEPTH = 3  # HTML whose text holds more HTML, and so on: past this, defanged

_Quoted = TypeVar("_Quoted", bound=Any)

_SPANS = "inert_spans"
_IN_IMAGE = "inert_in_image"
_CONSTRUCTS = {"link_open", "image", "html_inline", "code_inline"}


@dataclass(frozen=True)
class _Span:
    """A construct found in one block's text: what it is, where, and where it points."""

    kind: str  # the type of its first token
    start: int
    end: int
    target: str = ""  # the destination, or the HTML tag as written
    label: str = ""  # a link's text as written


def inert(text: str) -> str:
    """``text`` with no live Markdown: images dropped, links as their text and domain, ``[n]`` kept."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\0", "\ufffd")  # as the parser reads it
    if not _TRIGGERS.search(text):
        return text
    if len(text) > _PARSED_MAX:
        return _defang(text)
    return _inert(text, 0)


def inert_passage(passage: _Quoted) -> _Quoted:
    """A retrieved passage as it may be quoted: its text, title and publisher inert (a dataclass copy)."""
    return replace(passage, text=inert(passage.text), title=inert(passage.title), publisher=inert(passage.publisher))


def domain(url: str) -> str:
    """The host a URL points to, as text no renderer makes a link of ("evil.example"), or ''."""
    if url[:4].lower() == "www.":
        url = "//" + url
    try:
        host = urlsplit(url).hostname or ""  # none for mailto:, javascript:, a path or a fragment
    except ValueError:  # a malformed address, such as an unclosed IPv6 bracket
        return ""
    host = re.sub(r"[^a-z0-9.\-]", "", host)
    while host.startswith("www."):
        host = host[4:]
    # "www." anywhere starts a link in GitHub-flavoured renderers; a zero-width space stops it
    return host.replace("www.", "www\u200b.")


def is_live(text: str) -> bool:
    """True when a CommonMark renderer would make a link, an image or HTML of ``text``."""
    if not _TRIGGERS.search(text):
        return False
    env: dict = {}
    tokens = _parser().parse(text, env)
    return bool(env.get("references")) or any(_live(t) for t in _walk(tokens))


# -- the parser ------------------------------------------------------------------------------------
@functools.cache
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    # every destination counts, javascript: and data: too: each is rewritten, none is rendered
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    rules = {"link": link, "image": image, "autolink": autolink, "html_inline": html_inline, "backticks": backtick}
    for name, rule in rules.items():
        md.inline.ruler.at(name, _recording(rule))
    return md


def _recording(rule: Callable[[StateInline, bool], bool]) -> Callable[[StateInline, bool], bool]:
    """``rule``, noting where in the block's text each construct it matches lies."""

    def record(state: StateInline, silent: bool) -> bool:
        if silent or _SPANS not in state.env:
            return rule(state, silent)
        start, count = state.pos, len(state.tokens)
        # an image's alt text is parsed as a text of its own: its offsets are not the block's
        nested = rule is image
        state.env[_IN_IMAGE] += nested
        try:
            matched = rule(state, silent)
        finally:
            state.env[_IN_IMAGE] -= nested
        if matched and not state.env[_IN_IMAGE]:
            # text waiting before the construct is pushed first: find the construct's own token
            token = next((t for t in state.tokens[count:] if t.type in _CONSTRUCTS), None)
            if token is not None:
                state.env[_SPANS].append(_span(token, state, start))
        return matched

    return record


def _span(token: Token, state: StateInline, start: int) -> _Span:
    if token.type == "html_inline":
        return _Span("html", start, state.pos, token.content)
    if token.type != "link_open":
        return _Span(token.type, start, state.pos)
    href = str(token.attrGet("href") or "")
    if token.markup == "autolink":
        return _Span("autolink", start, state.pos, href, state.src[start + 1 : state.pos - 1])
    label_end = state.md.helpers.parseLinkLabel(state, start, True)
    return _Span("link", start, state.pos, href, state.src[start + 1 : max(label_end, start + 1)])


# -- rewriting -------------------------------------------------------------------------------------
def _inert(text: str, depth: int) -> str:
    if depth > _MAX_DEPTH:
        return _defang(text)
    env: dict = {}
    tokens = _parser().parse(text, env)
    refs = env.get("references", {})
    definitions = {n for ref in refs.values() for n in range(*ref.get("map", (0, 0)))}
    lines = text.split("\n")
    blocks = _blocks(tokens)
    out: list[str] = []
    n = 0
    while n < len(lines):
        kind, end = blocks.get(n, ("line", n + 1))
        written = "\n".join(lines[n:end])
        if kind == "inline":
            out.append(_rewrite(written, refs, depth))
        elif kind == "html_block":
            out.append(_inert(_html_words(written, [], "\n").strip(), depth + 1))
        elif n not in definitions:  # a reference definition goes with the links it made
            out.append(written)
        n = end
    result = "\n".join(out)
    return _defang(result) if is_live(result) else result


def _blocks(tokens: list[Token]) -> dict[int, tuple[str, int]]:
    """First line -> (kind, line after it) of each block holding text; code blocks are kept as written."""
    blocks: dict[int, tuple[str, int]] = {}
    for t in tokens:
        if t.map is None or t.type not in ("inline", "html_block", "fence", "code_block"):
            continue
        start, end = t.map
        end = max(end, blocks.get(start, ("", end))[1])  # a table row's cells share its line
        blocks[start] = (t.type if t.type in ("inline", "html_block") else "code", end)
    return blocks


def _rewrite(segment: str, refs: dict, depth: int) -> str:
    """One block's text with its links, images and tags rewritten; the rest as written."""
    env: dict = {"references": refs, _SPANS: [], _IN_IMAGE: 0}
    _parser().parseInline(segment, env)
    out: list[str] = []
    cursor = 0
    anchors: list[str] = []  # domains of the <a> tags still open
    for span in _outermost(env[_SPANS]):
        out.append(_plain(segment[cursor : span.start]))
        replaced = _replacement(span, segment[span.start : span.end], refs, anchors, depth)
        out.append(replaced)
        cursor = span.end
        if not replaced and (not out[-2] or out[-2].endswith(" ")):
            # "fell ![c](x) in July", "in 2026 ![c](x), as": one space stays, none before a comma
            if segment[cursor : cursor + 1] == " ":
                cursor += 1
            elif segment[cursor : cursor + 1] in _CLOSING:
                out[-2] = out[-2].rstrip(" ")
    out.append(_plain(segment[cursor:]))
    return "".join(out)


def _outermost(spans: list[_Span]) -> list[_Span]:
    """Spans inside no other (an image in a link's text goes with the link)."""
    kept: list[_Span] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if not kept or span.start >= kept[-1].end:
            kept.append(span)
    return kept


def _replacement(span: _Span, written: str, refs: dict, anchors: list[str], depth: int) -> str:
    if span.kind == "code_inline":
        return written
    if span.kind == "image":
        return ""
    if span.kind == "html":
        return _html_words(span.target, anchors, " ")
    if span.kind == "autolink":
        return span.label if span.target.lower().startswith("mailto:") else domain(span.target)
    marker = _MARKER.fullmatch(written)
    if marker:  # "[2]" made a link by a planted "[2]: url": the definition goes, the marker stays
        return f"[{marker.group(1)}]"
    text, host = _rewrite(span.label, refs, depth + 1).strip(), domain(span.target)
    if not host or text == host:
        return text or host
    return f"{text} ({host})" if text else host


def _plain(text: str) -> str:
    """Text between constructs: bare addresses become their domain; a "<" no parser took is escaped."""
    return _TAG_START.sub("&lt;", _URL.sub(_bare_url, text))


def _bare_url(match: re.Match[str]) -> str:
    url = match.group(0)
    kept = _trim(url)
    return domain(kept) + url[len(kept) :]


def _trim(url: str) -> str:
    """The address without the punctuation closing the sentence around it (GFM's rule)."""
    opened, closed = url.count("("), url.count(")")
    end = len(url)
    while end and (url[end - 1] in _TRAILING or (url[end - 1] == ")" and closed > opened)):
        closed -= url[end - 1] == ")"
        end -= 1
    return url[:end]


def _defang(text: str) -> str:
    """Break every link, image and tag syntax outright, keeping the words (no parser involved)."""
    text = _plain(_SIMPLE_IMAGE.sub("", text))
    # what is left of an address past its bounded match, and "](" and the like, taken apart
    text = _WWW.sub("\\1\u200b.", _SCHEME.sub("\\1:/\u200b/", text))
    for joined, apart in (("](", "] ("), ("][", "] ["), ("]:", "] :")):
        text = text.replace(joined, apart)
    return text


# -- HTML ------------------------------------------------------------------------------------------
class _Words(HTMLParser):
    """HTML's words, by Python's HTML tokenizer: link text followed by its domain; images and scripts go."""

    _SKIP = {"script", "style", "template", "title"}
    _BREAKS = {"br", "p", "div", "li", "tr", "table", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6"}

    def __init__(self, anchors: list[str], line_break: str) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.anchors = anchors  # shared across a block's inline tags: <a> and </a> come one by one
        self.line_break = line_break
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self.skipping += 1
        elif tag == "a":
            self.anchors.append(domain(next((v or "" for k, v in attrs if k == "href"), "")))
        elif tag in self._BREAKS:
            self.parts.append(self.line_break)

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag == "a" and self.anchors:
            host = self.anchors.pop()
            self.parts.append(f" ({host})" if host else "")
        elif tag in self._BREAKS:
            self.parts.append(self.line_break)

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def _html_words(html: str, anchors: list[str], line_break: str) -> str:
    reader = _Words(anchors, line_break)
    try:
        reader.feed(html)
        reader.close()
    except AssertionError:  # older Pythons' tokenizer gives up on a malformed "<![" declaration
        return _defang(html)
    return "".join(reader.parts)


# -- checking --------------------------------------------------------------------------------------
def _walk(tokens: list[Token]) -> list[Token]:
    out: list[Token] = []
    for t in tokens:
        out.append(t)
        out.extend(_walk(t.children or []))
    return out


def _live(token: Token) -> bool:
    if token.type in ("link_open", "image", "html_inline", "html_block"):
        return True
    return token.type in ("text", "text_special") and bool(_URL.search(token.content))
