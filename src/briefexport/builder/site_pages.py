"""A format that makes pages (the readers' library), built from the whole project.

The project is read before the first output is made, so the pages are counted up front (the
progress total never has to grow), with the outputs this build is about to make counted as made.
A brief or collection that does not read is in the library in its last good version
(builder/last_good.py), or left out when none was kept: the index, feeds, catalogue and the other
pages are built from what reads, and the error is reported as ever. The pages are made after the
outputs they show (PDFs, EPUBs, thumbnails); pages no longer made are removed (said, one line
each) once every source is in the library, then the writer's `finish()` runs over the pages in
place (the site's search index), and the texts that read are kept as the last good ones. The
topics registry (content/topics.yaml) is read with the project, and is one of what the pages are
made from.
"""

from __future__ import annotations

from pathlib import Path

from briefexport.builder.last_good import LastGood
from briefexport.builder.outcomes import NOT_BUILT, Runs
from briefexport.builder.plan import pages, shown
from briefexport.builder.withdrawn import remove_output
from briefexport.errors import ContentError, Report
from briefexport.writers import FORMATS


class SitePages:
    def __init__(self, runs: Runs, folder: Path, name: str, every: tuple[list[Path], list[Path]], coming):
        from briefexport.content.sources import read_sources
        from briefexport.content.topics import topics_of

        self.runs, self.folder, self.name, self.every = runs, folder, name, every
        context = runs.context
        self.last_good = LastGood(context.out)
        # the briefs' own mistakes are those the outputs' tasks report: added after them, once
        self.report = Report()
        with runs.stop.interruptible():
            self.content = read_sources(
                runs.project,
                *every,
                self.report,
                context.options.drafts,
                previous=self.last_good.text,
                remembered=context.remembered(),
            )
            self.content.topics = topics_of(runs.project, self.report)  # the library's topics registry
        planned = pages(self.content, context.layout(), name, context.out, frozenset(coming))
        self.planned = [job.dest for job in planned]

    def build(self) -> None:
        from briefexport.builder.keys import Keys
        from briefexport.builder.tasks import Task

        runs, out, manifest, folder = self.runs, self.runs.context.out, self.runs.manifest, self.folder
        result = runs.result
        result.report.diagnostics.extend(d for d in self.report.diagnostics if d not in runs.seen)
        runs.seen.update(self.report.diagnostics)
        jobs = pages(self.content, runs.context.layout(), self.name, out)
        made = {job.dest for job in jobs}
        ok = (
            runs.tasks([Task(folder, [(job.format, job.dest)], jobs=[job]) for job in jobs]) if jobs else True
        )
        # planned as if every output this build makes were made: one line each for those it could not
        missing = [dest for dest in self.planned if dest not in made]
        for dest in missing[: max(0, len(self.planned) - len(made))]:
            result.failed.append(dest)
            runs.numbering(runs.label(dest), NOT_BUILT)
        content = self.content
        if ok and content.broken <= content.kept:  # every source is in the library, as it is or was
            for dest in manifest.recorded(folder):
                if dest not in made:  # a brief removed, or back to draft
                    if dest.is_file():
                        result.removed.append((runs.label(dest), "no longer in the library"))
                    remove_output(dest, folder)
                    manifest.forget(dest)
        finish = getattr(FORMATS[self.name].writer(), "finish", None)
        finished: list = []
        if ok and finish is not None:  # the search index, of the pages in place (removed ones gone)
            with runs.stop.interruptible():
                finished = finish(folder, out, runs.context.layout())
            result.report.diagnostics.extend(finished)
        if ok and not content.broken and not any(d.severity == "error" for d in finished):
            # and the topics registry, and which downloads exist
            sources = [
                *self.every[0],
                *self.every[1],
                runs.project.topics_file,
                *shown(self.name, *self.every, out),
            ]
            manifest.record(
                folder,
                Keys(runs.project, runs.context.hasher).pages(FORMATS[self.name], sources, out, made),
            )
        else:  # read again next time, so its sources' (or the index's) mistakes are reported again
            manifest.forget(folder)
        runs.changed = True
        self.keep()

    def keep(self) -> None:
        """The versions of the sources that read now become their last good ones (a brief's text is
        read again only when its digest is not the one kept)."""
        from briefexport.content.reader import MAX_BRIEF_BYTES, source_digest
        from briefexport.content.text import read_text

        def text_of(path: Path) -> str | None:
            try:
                return read_text(path, "", Report(), self.runs.project, max_bytes=MAX_BRIEF_BYTES)
            except ContentError:
                return None

        content = self.content
        good = {b.path: b.source_hash for b in content.briefs.values() if b.path not in content.kept}
        for collection in content.collections:  # a few small files
            text = text_of(collection.path) if collection.path not in content.kept else None
            if text is not None:
                good[collection.path] = source_digest(text)

        def unchanged(path: Path) -> str | None:
            """Its text, if it is still the version that was read (else it is kept next time)."""
            text = text_of(path)
            return text if text is not None and source_digest(text) == good[path] else None

        self.last_good.keep(good, unchanged, [*self.every[0], *self.every[1]])
