"""Write a zip archive reproducibly: fixed entry order, timestamps, permissions and compression.

Zip writers (EbookLib, python-docx) stamp every entry with the wall clock. Rewriting the finished
archive here (`normalize`), or writing its entries here in the first place (`write`, the Word
draft's), makes two builds of the same input byte-identical. EPUB and OCF need `mimetype` as
the first entry, stored uncompressed: pass it in `first` and `stored`.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import zipfile
from collections.abc import Collection, Sequence

# The earliest and latest times a zip entry can hold (DOS date format).
_ZIP_MIN = dt.datetime(1980, 1, 1, tzinfo=dt.UTC)
_ZIP_MAX = dt.datetime(2107, 12, 31, 23, 59, 58, tzinfo=dt.UTC)
# Formats that are compressed already: deflating them again costs time and saves nothing.
_COMPRESSED = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".woff", ".woff2")


def source_date_epoch() -> dt.datetime | None:
    """`SOURCE_DATE_EPOCH` (https://reproducible-builds.org/specs/source-date-epoch/) as UTC, if set."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return None
    try:
        return dt.datetime.fromtimestamp(int(value), tz=dt.UTC)
    except (ValueError, OverflowError, OSError):
        raise ValueError(f"SOURCE_DATE_EPOCH must be a whole number of seconds, not {value!r}") from None


def zip_time(moment: dt.datetime) -> tuple[int, int, int, int, int, int]:
    """A datetime clamped to the range a zip entry can hold, as ZipInfo.date_time."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    moment = min(max(moment.astimezone(dt.UTC), _ZIP_MIN), _ZIP_MAX)
    return (
        moment.year,
        moment.month,
        moment.day,
        moment.hour,
        moment.minute,
        moment.second - moment.second % 2,
    )


def normalize(
    data: bytes,
    moment: dt.datetime,
    first: Sequence[str] = (),
    stored: Collection[str] = (),
    compresslevel: int = 6,
) -> bytes:
    """The archive `data` rewritten by `write`, its entries in their order."""
    source = zipfile.ZipFile(io.BytesIO(data))
    return write(
        [(name, source.read(name)) for name in source.namelist()], moment, first, stored, compresslevel
    )


def write(
    entries: Sequence[tuple[str, bytes]],
    moment: dt.datetime,
    first: Sequence[str] = (),
    stored: Collection[str] = (),
    compresslevel: int = 6,
) -> bytes:
    """A zip archive of `entries` (name, bytes): those named in `first` lead (in that order), the
    rest keep their order; every entry gets the same timestamp, 0644 permissions, no extra fields;
    entries in `stored` and already compressed pictures and fonts are stored as they are, the others
    deflated."""
    date_time = zip_time(moment)
    names = [name for name, _ in entries]
    if len(set(names)) != len(names):
        raise ValueError("zip archive holds duplicate entry names")
    data = dict(entries)
    order = [name for name in first if name in data] + [name for name in names if name not in first]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in order:
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.create_system = 3  # Unix, whatever system we run on
            info.external_attr = (0o40755 if name.endswith("/") else 0o100644) << 16
            keep = name in stored or name.lower().endswith(_COMPRESSED)
            info.compress_type = zipfile.ZIP_STORED if keep else zipfile.ZIP_DEFLATED
            target.writestr(info, data[name], compresslevel=None if keep else compresslevel)
    return out.getvalue()
