"""Builds: plan what to make, read only what changed, run the writers in worker processes, write
outputs atomically, remember what was built."""

from briefexport.builder.checking import Checked, check, run_check
from briefexport.builder.context import Kept
from briefexport.builder.options import Options
from briefexport.builder.pipeline import Result, build, read, run_build
from briefexport.builder.plan import UsageProblem
from briefexport.builder.stopping import Busy
from briefexport.content.draft_policy import Drafts

__all__ = [
    "Busy",
    "Checked",
    "Drafts",
    "Kept",
    "Options",
    "Result",
    "UsageProblem",
    "build",
    "check",
    "read",
    "run_build",
    "run_check",
]
