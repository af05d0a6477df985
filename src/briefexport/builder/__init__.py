"""Builds: plan what to make, read only what changed, run the writers in worker processes, write
outputs atomically, remember what was built."""

from briefexport.builder.checking import Checked, check, run_check
from briefexport.builder.pipeline import Result, build, read
from briefexport.builder.plan import UsageProblem
from briefexport.builder.stopping import Busy

__all__ = ["Busy", "Checked", "Result", "UsageProblem", "build", "check", "read", "run_check"]
