"""The temporary folder of a kept font configuration, removed when its process ends.

WeasyPrint writes the @font-face fonts of a FontConfiguration into a folder of its own under the
temporary directory (`weasyprint-*`: 32 MB with the bundled faces, CJK included) and removes it in
FontConfiguration.__del__. The writer keeps its configuration for the life of the process (with the
parsed stylesheet: weasy._stylesheet), and __del__ then never runs: a worker process ends with
os._exit, and the interpreter need not collect what is still referenced at exit. Every build left
one folder per process that rendered a PDF: a shared CI machine's /tmp filled up (72 GB here, in a
day of test runs).

multiprocessing's finalizers run when a worker ends normally (the pool's shutdown) and, through
atexit, when the main process ends; each only in the process that registered it, so a worker forked
after the parent made its folder never removes the parent's. Hand-written: WeasyPrint offers no way
to close a FontConfiguration.
"""

from __future__ import annotations

import shutil
from multiprocessing.util import Finalize


def removed_at_exit(font_config) -> None:
    """Remove `font_config`'s fonts folder (if it made one) when this process ends."""
    folder = getattr(font_config, "_folder", None)
    if folder is not None:
        Finalize(None, shutil.rmtree, args=(str(folder),), kwargs={"ignore_errors": True}, exitpriority=0)
