"""What a run does with draft briefs in a collection (`status: draft`): one policy, one value.

A draft would reach readers marked DRAFT, so by default a collection's glob leaves drafts out (with
a note) and a draft named by its slug is an error, at `check` and at build alike (there is no
third, check-only rule: commit 7fef346 made it one). `--allow-drafts` takes every draft in.
Kept apart from model.py, which imports pydantic: planning a build imports this and must stay quick.
"""

from __future__ import annotations

import enum


class Drafts(enum.Enum):
    LEAVE_OUT = "leave out"  # a glob leaves drafts out (a note each), a draft named by slug is an error
    TAKE_IN = "take in"  # --allow-drafts: every draft the collection names is in the book

    @classmethod
    def allowed(cls, allow: bool) -> Drafts:
        """The policy of a command's `--allow-drafts` flag."""
        return cls.TAKE_IN if allow else cls.LEAVE_OUT
