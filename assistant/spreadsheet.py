"""CSV for spreadsheets: every cell the app writes, checked for formulas as it is written.

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage
return) as a formula: ``=HYPERLINK(...)`` in a downloaded file is a phishing link, and worse
payloads run commands. The check is made on the text exactly as it goes into the file, after
every rewriting of a name, so that a marker stripped on the way ("(mirror)=HYPERLINK(...)") cannot
bring a formula to the front. Such a cell gets a leading single quote (the OWASP advice), which
spreadsheets show as text; numbers are written as numbers.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

_STARTS = frozenset("=+-@\t\r\u2212")  # "\u2212", the minus sign, as some spreadsheets read it
_QUOTES = frozenset("'\"\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f`")
_PLAIN_NUMBER = re.compile(r"-?\d{1,30}(?:\.\d{1,30})?")


def formula_like(text: str) -> bool:
    """True when a spreadsheet could read ``text`` as a formula.

    Leading spaces and quotes are looked past, and each character is read in its compatibility
    form, so that a fullwidth "＝" counts as "=".
    """
    if _PLAIN_NUMBER.fullmatch(text):
        return False
    for ch in text:
        folded = unicodedata.normalize("NFKC", ch)[:1]
        if folded in _STARTS:
            return True
        if not (folded.isspace() or folded in _QUOTES or folded == ""):
            return False
    return False


def safe_cell(value: Any) -> Any:
    """A cell as written to CSV: numbers and empty cells as they are, formula-like text quoted."""
    if value is None or (isinstance(value, int | float) and not isinstance(value, bool)):
        return value
    text = str(value)
    return "'" + text if formula_like(text) else text


def to_csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """A CSV document whose every cell, the header's too, has passed ``safe_cell``."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([safe_cell(h) for h in header])
    writer.writerows([safe_cell(v) for v in row] for row in rows)
    return out.getvalue()
