"""Reading source text: UTF-8 only, and nothing that XML (EPUB, DOCX) cannot hold."""

from __future__ import annotations

import re
import stat
from pathlib import Path

from briefexport.errors import ContentError, Diagnostic, Report
from briefexport.project import Project
from briefexport.safety.files import inside, project_roots
from briefexport.safety.markup import XML_ILLEGAL

# Removed: what XML cannot hold (safety.markup.XML_ILLEGAL: C0 controls but tab/LF/CR, lone
# surrogates, which only YAML escapes can make), DEL and the C1 controls ("discouraged", refused by
# PyYAML, and nearly always mis-decoded Windows-1252), and the Unicode non-characters (U+FDD0..U+FDEF
# and U+xFFFE/U+xFFFF in every plane). NUL becomes U+FFFD first, as in CommonMark.
_ILLEGAL = re.compile(
    f"[{XML_ILLEGAL}\x7f-\x9f\ufdd0-\ufdef"
    + "".join(f"\\U{plane:04x}fffe\\U{plane:04x}ffff" for plane in range(1, 17))
    + "]"
)


MAX_WARNINGS = 20  # per text: the first ones are located, the rest counted


def read_text(path: Path, shown: str, report: Report, project: Project, max_bytes: int | None = None) -> str:
    """The file as clean text; a clear, located error when it leads outside the project (a
    symlink), is too big, unreadable or not UTF-8."""
    try:
        if not inside(path.resolve(), project_roots(project)):
            raise ContentError(
                Diagnostic(shown, 1, 1, "the file leads outside the project (a symlink?): it is not read")
            )
        if not stat.S_ISREG(path.stat().st_mode):  # a FIFO would block, /dev/zero never end
            raise ContentError(Diagnostic(shown, 1, 1, "not a regular file (a device, a pipe or a folder?)"))
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1) if max_bytes is not None else handle.read()
    except OSError as exc:
        raise ContentError(Diagnostic(shown, 1, 1, f"cannot read the file: {exc.strerror or exc}")) from None
    if max_bytes is not None and len(data) > max_bytes:
        size = max(len(data), path.stat().st_size)
        raise ContentError(
            Diagnostic(
                shown,
                1,
                1,
                f"file is {-(-size // 1024)} KiB, over the limit of {max_bytes // 1024} KiB",
                "split it, or move pictures and data out of the text",
            )
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        binary = b"\x00" in data[:8192]
        raise ContentError(
            Diagnostic(
                shown,
                line,
                col,
                f"not UTF-8 text (byte 0x{data[exc.start]:02x})"
                + (
                    "; this looks like a binary file (a picture or a document?), not Markdown"
                    if binary
                    else ""
                ),
                "save the file as UTF-8 text",
            )
        ) from None
    return clean(text.replace("\r\n", "\n").replace("\r", "\n"), shown, report)


def clean(text: str, shown: str, report: Report, line: int = 1, col: int = 1) -> str:
    """NUL becomes U+FFFD; other characters XML cannot hold are removed, each with a warning.

    `line`/`col` is where `text` starts in the file (for a YAML value, say).
    """
    text = text.replace("\x00", "\ufffd")
    if not _ILLEGAL.search(text):
        return text
    matches = list(_ILLEGAL.finditer(text))
    at_line, line_start, counted = 0, 0, 0  # one pass: the line count grows with the matches
    for match in matches[:MAX_WARNINGS]:
        at_line += text.count("\n", counted, match.start())
        counted = match.start()
        line_start = text.rfind("\n", 0, match.start()) + 1
        at_col = match.start() - line_start + 1 + (col - 1 if at_line == 0 else 0)
        report.warn(shown, line + at_line, at_col, f"removed control character U+{ord(match.group()):04X}")
    if len(matches) > MAX_WARNINGS:
        report.warn(
            shown,
            line + at_line,
            1,
            f"removed {len(matches) - MAX_WARNINGS} more control characters after this one (not listed)",
        )
    return _ILLEGAL.sub("", text)


def strip(text: str) -> tuple[str, list[str]]:
    """(text with NUL -> U+FFFD and the illegal characters removed, the characters removed)."""
    text = text.replace("\x00", "\ufffd")
    return _ILLEGAL.sub("", text), _ILLEGAL.findall(text)
