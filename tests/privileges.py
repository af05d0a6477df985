"""Tests of files a user cannot read or write, also where the tests run as root (containers, CI).

Root reads and writes whatever the mode bits say (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH), so a
`chmod 000` file proves nothing there. `as_a_user()` lowers those capabilities in this thread's
effective set for the duration, and raises them again after (they stay in the permitted set);
ctypes and the capget/capset system calls, as no library in the test dependencies offers them."""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

_V3 = 0x20080522  # _LINUX_CAPABILITY_VERSION_3
_DAC = (1 << 1) | (1 << 2) | (1 << 3)  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER


class _Header(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _Data(ctypes.Structure):
    _fields_ = [
        ("effective", ctypes.c_uint32),
        ("permitted", ctypes.c_uint32),
        ("inheritable", ctypes.c_uint32),
    ]


def _caps(data=None):
    libc = ctypes.CDLL(None, use_errno=True)
    header = _Header(_V3, 0)
    if data is None:
        data = (_Data * 2)()
        if libc.capget(ctypes.byref(header), data) != 0:
            raise OSError(ctypes.get_errno(), "capget")
        return data
    if libc.capset(ctypes.byref(header), data) != 0:
        raise OSError(ctypes.get_errno(), "capset")
    return data


@contextmanager
def as_a_user() -> Iterator[None]:
    """Mode bits hold for this thread, as for any user; skips the test where that cannot be had."""
    if os.geteuid() != 0:
        yield
        return
    if not sys.platform.startswith("linux"):
        pytest.skip("running as root, and capabilities are Linux's")
    data = _caps()
    saved = data[0].effective
    data[0].effective &= ~_DAC
    _caps(data)
    try:
        yield
    finally:
        data = _caps()
        data[0].effective = saved
        _caps(data)
