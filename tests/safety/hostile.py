"""What the hostile-input tests share (test_hostile*.py): the loopback server that counts every
connection, the canary folder outside the project, the mini projects of tests/roots/hostile-*,
and the oracles that read every byte of every output."""

from __future__ import annotations

import contextlib
import importlib.util
import io
import re
import shutil
import threading
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefexport.cli import main
from briefexport.errors import Report
from briefexport.project import Project

ROOTS = Path(__file__).resolve().parent.parent / "roots"
CANARY = "CANARY-7f3a9c51e0"  # the secret: must never appear in any output
LOCATED = re.compile(
    r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<severity>error|warning): (?P<message>.+)$"
)


def writer_exists(name: str) -> bool:
    return importlib.util.find_spec(f"briefexport.writers.{name}") is not None


needs_epub = pytest.mark.skipif(
    not writer_exists("epub"), reason="writers/epub.py does not exist yet (issue 3)"
)
needs_docx = pytest.mark.skipif(
    not writer_exists("docx"), reason="writers/docx.py does not exist yet (issue 4)"
)


def formats_available() -> list[str]:
    return ["html", "pdf"] + [name for name in ("epub", "docx") if writer_exists(name)]


# --- fixtures: the loopback server, the canary, the mini projects ------------------------------


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.connections = 0
        self.paths: list[str] = []

    def verify_request(self, request, client_address):  # every TCP connection, even TLS or garbage
        self.connections += 1
        return True


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        self.server.paths.append(self.path)
        if self.path.startswith("/redirect"):
            self.send_response(302)
            self.send_header("Location", f"file://{self.server.outside}/canary.svg")
            self.end_headers()
            return
        body = f"/* {CANARY} */".encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_HEAD = do_POST = do_GET

    def log_message(self, *args):
        pass


@pytest.fixture
def server(outside):
    httpd = _Server()
    httpd.outside = outside
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


CANARY_PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f"
    b"\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00"
    b"\x00IEND\xaeB`\x82"
)


def canary_png() -> bytes:
    """A valid 8x8 PNG that carries the canary in a text chunk (so it shows in any copy of its bytes)."""
    from PIL import Image, PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", CANARY)
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buffer, "PNG", pnginfo=info)
    return buffer.getvalue()


@pytest.fixture
def outside(tmp_path) -> Path:
    """A folder beside the project (tmp_path/outside) full of canary files."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "canary.txt").write_text(f"{CANARY}\n", encoding="utf-8")
    (folder / "canary.css").write_text(f"body::after {{ content: '{CANARY}'; }}\n", encoding="utf-8")
    (folder / "canary.svg").write_text(
        f'<svg xmlns="http://www.w3.org/2000/svg" width="200" height="20"><text x="0" '
        f'y="15">{CANARY}</text></svg>\n',
        encoding="utf-8",
    )
    (folder / "canary.png").write_bytes(canary_png())
    return folder


def load_root(name: str, dest: Path, **placeholders: str) -> Project:
    """Copy tests/roots/<name> to `dest`, filling in @PLACEHOLDER@s (and ⟦U+XXXX⟧ characters)."""
    shutil.copytree(ROOTS / name, dest)
    for path in dest.rglob("*"):
        if path.is_file() and path.suffix in (".md", ".yaml", ".yml", ".j2", ".svg", ".css"):
            text = path.read_text(encoding="utf-8")
            for key, value in placeholders.items():
                text = text.replace(f"@{key}@", value)
            text = re.sub(r"⟦U\+([0-9A-F]{4,6})⟧", lambda m: chr(int(m.group(1), 16)), text)
            path.write_text(text, encoding="utf-8")
    return Project.at(dest)


@pytest.fixture
def sandbox_project(tmp_path, server, outside) -> Project:
    project = load_root(
        "hostile-sandbox", tmp_path / "project", PORT=str(server.server_port), OUTSIDE=str(outside)
    )
    images = project.content / "images"
    (images / "escape.svg").symlink_to(outside / "canary.svg")
    (images / "outside-dir").symlink_to(outside, target_is_directory=True)
    return project


# --- oracles: every byte of every output -------------------------------------------------------


def output_blobs(out: Path) -> dict[str, bytes]:
    """Everything an output holds, decoded as far as we can: PDF raw + streams + text, zip members."""
    import logging

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # free object numbers are not news
    blobs: dict[str, bytes] = {}
    for path in sorted(p for p in out.rglob("*") if p.is_file()):
        name = str(path.relative_to(out))
        data = path.read_bytes()
        blobs[name] = data
        if path.suffix == ".pdf":
            from pypdf import PdfReader

            pdf = PdfReader(io.BytesIO(data))
            blobs[name + "#text"] = "\n".join(page.extract_text() or "" for page in pdf.pages).encode()
            for number in range(1, int(pdf.trailer["/Size"])):
                try:
                    obj = pdf.get_object(number)
                except Exception:  # a free object number
                    continue
                if hasattr(obj, "get_data"):
                    with contextlib.suppress(Exception):
                        blobs[f"{name}#obj{number}"] = obj.get_data()
            blobs[name + "#attachments"] = repr(dict(pdf.attachments)).encode()
        elif path.suffix in (".epub", ".docx"):
            with zipfile.ZipFile(path) as archive:
                for member in archive.namelist():
                    blobs[f"{name}!{member}"] = archive.read(member)
    return blobs


def assert_no_canary(out: Path) -> dict[str, bytes]:
    blobs = output_blobs(out)
    assert blobs, "no outputs to check"
    leaks = [
        name for name, data in blobs.items() if CANARY.encode() in data or CANARY.encode("utf-16-be") in data
    ]
    assert leaks == []
    return blobs


def diagnostics_of(report: Report, severity: str = "error") -> list[str]:
    return [str(d) for d in report.sorted() if d.severity == severity]


def assert_located(lines: list[str]) -> None:
    for line in lines:
        match = LOCATED.match(line)
        assert match, f"not located: {line}"
        assert int(match["line"]) >= 1 and int(match["col"]) >= 1, line


def no_temp_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob(".*.tmp")) if folder.exists() else []


def run_cli(args: list[str]):
    return CliRunner().invoke(main, args, catch_exceptions=False)


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if ": error: " in line]
