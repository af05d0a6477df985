"""Find shared libraries with one read of the linker cache while WeasyPrint loads them.

Hand-written because nothing else does it: WeasyPrint tries up to six spellings of each library
name (Windows, macOS, Linux), and cffi hands every miss to `ctypes.util.find_library`, which on
Linux runs `ldconfig -p` and then gcc for each name: dozens of subprocesses in every
`import weasyprint`, before a single brief is rendered (benchmarks/README.md has the figures).
Reading `ldconfig -p` once answers the same questions. Where there is no ldconfig,
or it lists nothing, the standard lookup runs unchanged.
"""

from __future__ import annotations

import ctypes.util
import os
import re
import struct
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache


def _abi() -> str:
    """The ABI tag ldconfig prints for this interpreter's machine and word size (as ctypes.util)."""
    return {
        "x86_64-64": "libc6,x86-64",
        "ppc64-64": "libc6,64bit",
        "sparc64-64": "libc6,64bit",
        "s390x-64": "libc6,64bit",
        "ia64-64": "libc6,IA-64",
    }.get(f"{os.uname().machine}-{struct.calcsize('l') * 8}", "libc6")


@lru_cache(maxsize=1)
def _linker_cache() -> str:
    for ldconfig in ("/sbin/ldconfig", "/usr/sbin/ldconfig"):
        try:
            return subprocess.run(
                [ldconfig, "-p"], capture_output=True, text=True, timeout=10, env={"LC_ALL": "C", "LANG": "C"}
            ).stdout
        except (OSError, subprocess.SubprocessError):
            continue
    return ""


def find_library(name: str, *, standard=ctypes.util.find_library) -> str | None:
    """What `ctypes.util.find_library(name)` answers on glibc Linux, from the cached listing."""
    listing = _linker_cache()
    if not listing.strip():
        return standard(name)
    found = re.search(rf"\s+(lib{re.escape(name)}\.[^\s]+)\s+\({re.escape(_abi())}", listing)
    return found.group(1) if found else None


@contextmanager
def quick_library_lookup() -> Iterator[None]:
    """`ctypes.util.find_library` answered from one `ldconfig -p`, for the duration of the block."""
    if not sys.platform.startswith("linux"):
        yield
        return
    standard = ctypes.util.find_library
    ctypes.util.find_library = find_library
    try:
        yield
    finally:
        ctypes.util.find_library = standard
