"""Row (f) of benchmarks/run.py: `briefexport serve` on a free port of 127.0.0.1, then edits to
briefs one after another: seconds from the save to the first reload event (the edited web edition
is rebuilt) and to the second (its PDF, thumbnail and downloads). Standard library only."""

from __future__ import annotations

import http.client
import os
import queue
import socket
import statistics
import subprocess
import threading
import time
from pathlib import Path


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def measure(command: list[str], project: Path, slugs: list[str], env: dict, edits: int = 3) -> dict:
    port = _free_port()
    lines: queue.Queue = queue.Queue()
    process = subprocess.Popen(
        [*command, "serve", "--port", str(port), "--project", str(project)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    threading.Thread(target=lambda: [lines.put(line) for line in process.stdout], daemon=True).start()

    def wait_for(prefix: str) -> None:
        deadline = time.monotonic() + 900
        while time.monotonic() < deadline:
            try:
                if lines.get(timeout=1).startswith(prefix):
                    return
            except queue.Empty:
                if process.poll() is not None:
                    raise SystemExit("briefexport serve stopped") from None
        raise SystemExit(f"briefexport serve: no `{prefix}` line")

    page, pdf = [], []
    finals = [slug for slug in slugs if "draft" not in slug]  # a draft has no web edition
    try:
        wait_for("downloads: rebuilt")  # the first build, PDFs included
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
        connection.request("GET", "/__briefexport/events")
        response = connection.getresponse()  # kept: its file closes with it
        events = response.fp
        events.readline(), events.readline()
        for index in range(edits):
            slug = finals[index % len(finals)]  # English and Korean briefs alike
            brief = project / "content" / "briefs" / f"{slug}.md"
            marker = f"Preview edit number {index}."
            brief.write_text(brief.read_text(encoding="utf-8") + f"\n{marker}\n", encoding="utf-8")
            start = time.perf_counter()
            times = []
            while len(times) < 2:
                line = events.readline().decode()
                if not line:
                    raise SystemExit("the reload channel closed")
                if line.startswith("event: reload"):
                    times.append(time.perf_counter() - start)
                    if len(times) == 1:
                        shown = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                        shown.request("GET", f"/briefs/{slug}/index.html")
                        if marker.encode() not in shown.getresponse().read():
                            seen = []
                            while not lines.empty():
                                seen.append(lines.get())
                            raise SystemExit("the first reload did not show the edit:\n" + "".join(seen))
            page.append(times[0])
            pdf.append(times[1])
            time.sleep(0.5)
    finally:
        process.send_signal(2)  # SIGINT, as Ctrl-C
        process.wait(timeout=60)
    return {
        "page": page,
        "pdf": pdf,
        "page_median": statistics.median(page),
        "pdf_median": statistics.median(pdf),
    }


if __name__ == "__main__":  # a quick look: python benchmarks/preview.py PROJECT SLUG...
    import sys

    print(measure(["briefexport"], Path(sys.argv[1]).resolve(), sys.argv[2:], dict(os.environ)))
