"""Writing small PDFs for tests by hand: no PDF writer is among the project's dependencies."""


def report_pdf(lines: tuple[str, ...], title: str, author: str = "Example Agency", created: str = "20250915") -> bytes:
    """A one-page PDF with one text line per item (Helvetica) and an info dictionary."""

    def escape(text: str) -> str:
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    shown = " T* ".join(f"({escape(line)}) Tj" for line in lines)
    stream = f"BT /F1 10 Tf 14 TL 56 760 Td {shown} ET".encode("latin-1")
    info = f"<< /Title ({escape(title)}) /Author ({escape(author)}) /CreationDate (D:{created}120000) >>"
    return _pdf(b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream", info)


def bomb_pdf(expanded: int) -> bytes:
    """A PDF whose one content stream inflates from a few hundred kB to ``expanded`` bytes."""
    import zlib

    packer = zlib.compressobj(9)
    chunk = b"BT /F1 10 Tf 56 760 Td (rare earth) Tj ET\n" * 4096
    packed = b"".join(packer.compress(chunk) for _ in range(expanded // len(chunk) + 1)) + packer.flush()
    body = b"<< /Length " + str(len(packed)).encode() + b" /Filter /FlateDecode >>\nstream\n" + packed
    return _pdf(body + b"\nendstream", "<< /Title (Bomb) >>")


def _pdf(content: bytes, info: str) -> bytes:
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        content,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        info.encode("latin-1"),
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info 6 0 R >>\n".encode()
    out += f"startxref\n{xref}\n%%EOF\n".encode()
    return out
