"""Reading source text: UTF-8 only, and nothing that XML (EPUB, DOCX) cannot hold."""

from __future__ import annotations

import re
from pathlib import Path

from briefexport.errors import ContentError, Diagnostic, Report

# XML 1.0 allows tab, LF, CR and everything from U+0020 except surrogates and U+FFFE/U+FFFF;
# Unicode non-characters (U+FDD0..U+FDEF, U+xFFFE/F) are removed too.
_ILLEGAL = re.compile(
    "[\x01-\x08\x0b\x0c\x0e-\x1f\x7f\ufdd0-\ufdef\ufffe\uffff"
    + "".join(f"\\U{plane:04x}fffe\\U{plane:04x}ffff" for plane in range(1, 17))
    + "\ud800-\udfff]"
)


def read_text(path: Path, shown: str, report: Report, max_bytes: int | None = None) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ContentError(Diagnostic(shown, 0, 0, f"cannot read the file: {exc.strerror}")) from None
    if max_bytes is not None and len(data) > max_bytes:
        raise ContentError(Diagnostic(
            shown, 0, 0, f"file is {len(data) // 1024} KiB, over the limit of {max_bytes // 1024} KiB"))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ContentError(Diagnostic(
            shown, line, col, f"not UTF-8 text (byte 0x{data[exc.start]:02x})",
            "save the file as UTF-8")) from None
    return clean(text.replace("\r\n", "\n").replace("\r", "\n"), shown, report)


def clean(text: str, shown: str, report: Report) -> str:
    """NUL becomes U+FFFD; other characters XML cannot hold are removed, each with a warning."""
    text = text.replace("\x00", "\ufffd")
    if not _ILLEGAL.search(text):
        return text
    for match in _ILLEGAL.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        col = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
        report.warn(shown, line, col, f"removed control character U+{ord(match.group()):04X}")
    return _ILLEGAL.sub("", text)
