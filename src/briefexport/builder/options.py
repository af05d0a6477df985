"""What a build was asked: one frozen `Options`, as MkDocs passes its config, instead of a flag per
parameter down every call. What the run then knows and caches is the run context (context.py).

`Asked` types the keywords `build()` takes (PEP 692): the same fields, so a caller of the library
writes `build(project, formats=["pdf"], out=out, jobs=1)` and mypy checks every keyword.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, TypedDict

from briefexport.builder.outcomes import Progress
from briefexport.content.draft_policy import Drafts

if TYPE_CHECKING:
    from briefexport.builder.stopping import Busy


@dataclass(frozen=True)
class Options:
    formats: tuple[str, ...] = ()  # none named: what the brand's defaults make (writers.default_formats)
    out: Path | None = None  # the output folder (default: build/)
    jobs: int | None = None  # worker processes (default: one per CPU)
    force: bool = False  # every output rebuilt, whatever the manifest says
    drafts: Drafts = Drafts.LEAVE_OUT  # --allow-drafts: Drafts.TAKE_IN
    shard: tuple[int, int] | None = None  # (K, N): only share K of N of the sources
    uses: bool = True  # the formats whose outputs the asked ones read are built first
    stop_signals: bool = False  # SIGINT, SIGTERM, SIGHUP stop the build (the command's, not a library's)
    debug: bool = False  # a writer's exception comes with its traceback (--debug, BRIEFEXPORT_DEBUG=1)
    # what the caller is told: each output's progress line; another build holding the folder
    progress: Progress | None = field(default=None, compare=False)
    on_busy: Callable[[Busy], None] | None = field(default=None, compare=False)

    def for_workers(self) -> Options:
        """What a worker that is sent the run (not forked) receives: no callbacks, which the
        build's own process calls and which may not pickle."""
        return replace(self, progress=None, on_busy=None)


class Asked(TypedDict, total=False):
    """The keywords of `build()` after its sources, formats and out: Options' other fields."""

    jobs: int | None
    force: bool
    drafts: Drafts
    shard: tuple[int, int] | None
    uses: bool
    stop_signals: bool
    debug: bool
    progress: Progress | None
    on_busy: Callable[[Busy], None] | None
