"""Test helper: a loopback HTTP server that serves local directories as Hugging Face Hub model repos.

It speaks the part of the Hub's HTTP API that ``huggingface_hub``'s real client code uses for
``HfApi.model_info`` and ``snapshot_download`` (checked against huggingface_hub 2.4), so
``multiling models pull`` can be tested end to end without the network: point ``HF_ENDPOINT`` at
:attr:`FakeHub.url` (in a subprocess; huggingface_hub reads it at import time).

Endpoints:

* ``GET /api/models/{org}/{name}`` and ``GET /api/models/{org}/{name}/revision/{rev}`` — model info
  (``id``, ``sha``, ``siblings``); ``rev`` is ``main`` or the commit.
* ``GET /api/models/{org}/{name}/tree/{rev}?recursive=..`` — the file listing ``snapshot_download``
  filters with its ``allow_patterns`` (``oid`` = git blob sha1, ``lfs`` for ``*.safetensors``/``*.bin``).
* ``HEAD``/``GET /{org}/{name}/resolve/{rev}/{filename}`` — ``X-Repo-Commit``, a quoted ``ETag`` (git blob
  sha1, or the sha256 for LFS files, which also get ``X-Linked-Etag``/``X-Linked-Size``),
  ``Content-Length``, ``Accept-Ranges``; ``Range: bytes=N-`` gets a 206. Never ``X-Xet-Hash``, so the
  client downloads over plain HTTP.

Unknown repos get 404 with ``X-Error-Code: RepoNotFound``, unknown revisions ``RevisionNotFound``,
unknown files ``EntryNotFound``, anything else a bare 404 — all recorded in :attr:`FakeHub.requests`.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

#: Files the fake Hub serves as Git LFS objects (ETag = sha256), as the real Hub does for weights.
LFS_SUFFIXES = (".safetensors", ".bin")
#: Fault modes for :func:`serve_fake_hub`'s ``faults`` (applied to ``GET .../resolve/...`` of one file).
FAULTS = ("500", "drop-once", "drop-then-500")


@dataclass(frozen=True, slots=True)
class Request:
    """One request the fake Hub received."""

    method: str
    path: str  # without the query string
    host: str  # the Host header
    range: str | None  # the Range header


@dataclass(slots=True)
class _Repo:
    files: dict[str, bytes]
    sha: str


@dataclass(slots=True)
class FakeHub:
    """A running fake Hub (see :func:`serve_fake_hub`).

    Attributes:
        url: the endpoint to put in ``HF_ENDPOINT`` (``http://127.0.0.1:PORT``).
        repos: repo id → commit sha of each served repo.
        requests: every request received, in arrival order.
    """

    url: str
    repos: dict[str, str]
    requests: list[Request] = field(default_factory=list)

    def fetched(self, filename: str) -> list[Request]:
        """The ``GET`` requests for ``filename`` in any repo (``HEAD`` requests are not downloads)."""
        return [r for r in self.requests if r.method == "GET" and "/resolve/" in r.path
                and r.path.rsplit("/", 1)[-1] == filename]


def git_blob_sha1(data: bytes) -> str:
    """The git object id of a blob with ``data`` (what the Hub reports as ``oid`` and the ETag of non-LFS files)."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def _load_repo(directory: Path) -> _Repo:
    files = {p.relative_to(directory).as_posix(): p.read_bytes()
             for p in sorted(directory.rglob("*")) if p.is_file() and ".cache" not in p.parts}
    digest = hashlib.sha1()
    for name, data in files.items():
        digest.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
    return _Repo(files=files, sha=digest.hexdigest())


_REPO = r"(?P<repo>[^/]+/[^/]+)"
_ROUTES = [
    ("info", re.compile(rf"^/api/models/{_REPO}(?:/revision/(?P<rev>[^/]+))?$")),
    ("tree", re.compile(rf"^/api/models/{_REPO}/tree/(?P<rev>[^/]+)(?:/(?P<sub>.+))?$")),
    ("resolve", re.compile(rf"^/{_REPO}/resolve/(?P<rev>[^/]+)/(?P<file>.+)$")),
]


def _make_handler(hub: FakeHub, repos: dict[str, _Repo], faults: dict[str, str]) -> type[BaseHTTPRequestHandler]:
    gets: dict[str, int] = {}
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:  # quiet: tests read hub.requests
            pass

        def do_HEAD(self) -> None:  # http.server's naming
            self._serve(body=False)

        def do_GET(self) -> None:
            self._serve(body=True)

        def _send(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None,
                  send_body: bool = True) -> None:
            self.send_response(status)
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if send_body and body:
                self.wfile.write(body)

        def _error(self, status: int, code: str | None, message: str, send_body: bool,
                   extra: dict[str, str] | None = None) -> None:
            headers = {"Content-Type": "application/json", **({"X-Error-Code": code} if code else {}),
                       "X-Error-Message": message, **(extra or {})}
            self._send(status, json.dumps({"error": message}).encode(), headers, send_body)

        def _serve(self, body: bool) -> None:
            path = unquote(urlsplit(self.path).path)
            hub.requests.append(Request(self.command, path, self.headers.get("Host", ""), self.headers.get("Range")))
            for kind, pattern in _ROUTES:
                match = pattern.match(path)
                if match is None:
                    continue
                repo = repos.get(match["repo"])
                if repo is None:
                    return self._error(404, "RepoNotFound", "Repository not found", body)
                rev = match["rev"] or "main"
                if rev not in ("main", repo.sha):
                    return self._error(404, "RevisionNotFound", f"Invalid rev id: {rev}", body)
                if kind == "info" and self.command == "GET":
                    return self._info(match["repo"], repo)
                if kind == "tree" and self.command == "GET":
                    return self._tree(repo, match["sub"])
                if kind == "resolve":
                    return self._resolve(repo, match["file"], body)
            self._error(404, None, "Sorry, we can't find the page you are looking for.", body)

        def _info(self, repo_id: str, repo: _Repo) -> None:
            info = {"_id": repo.sha[:24], "id": repo_id, "modelId": repo_id, "author": repo_id.split("/")[0],
                    "sha": repo.sha, "private": False, "disabled": False, "gated": False,
                    "library_name": "transformers", "pipeline_tag": "translation", "tags": ["marian"],
                    "lastModified": "2024-01-01T00:00:00.000Z", "createdAt": "2024-01-01T00:00:00.000Z",
                    "siblings": [{"rfilename": name} for name in repo.files]}
            self._send(200, json.dumps(info).encode(), {"Content-Type": "application/json"})

        def _tree(self, repo: _Repo, sub: str | None) -> None:
            entries = []
            for name, data in repo.files.items():
                if sub and not name.startswith(sub.rstrip("/") + "/"):
                    continue
                entry: dict = {"type": "file", "oid": git_blob_sha1(data), "size": len(data), "path": name}
                if name.endswith(LFS_SUFFIXES):
                    entry["lfs"] = {"oid": hashlib.sha256(data).hexdigest(), "size": len(data), "pointerSize": 134}
                entries.append(entry)
            self._send(200, json.dumps(entries).encode(), {"Content-Type": "application/json"})

        def _resolve(self, repo: _Repo, name: str, body: bool) -> None:
            data = repo.files.get(name)
            if data is None:
                return self._error(404, "EntryNotFound", f"{name} does not exist", body, {"X-Repo-Commit": repo.sha})
            headers = {"X-Repo-Commit": repo.sha, "Accept-Ranges": "bytes", "Content-Type": "application/octet-stream"}
            if name.endswith(LFS_SUFFIXES):
                etag = hashlib.sha256(data).hexdigest()
                headers.update({"X-Linked-Etag": f'"{etag}"', "X-Linked-Size": str(len(data))})
            else:
                etag = git_blob_sha1(data)
            headers["ETag"] = f'"{etag}"'
            if not body:
                return self._send(200, data, headers, send_body=False)
            with lock:
                attempt = gets[name] = gets.get(name, 0) + 1
            fault = faults.get(name)
            if fault == "500" or (fault == "drop-then-500" and attempt > 1):
                return self._error(500, None, "Internal Error", body)
            start = 0
            range_match = re.fullmatch(r"bytes=(\d+)-", self.headers.get("Range", ""))
            if range_match and int(range_match[1]) < len(data):
                start = int(range_match[1])
                headers["Content-Range"] = f"bytes {start}-{len(data) - 1}/{len(data)}"
            if fault in ("drop-once", "drop-then-500") and attempt == 1:
                # Promise the whole file, send half of it, hang up.
                self.send_response(200)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data[: len(data) // 2])
                self.wfile.flush()
                self.close_connection = True
                return None
            self._send(206 if start else 200, data[start:], headers)
            return None

    return Handler


@contextlib.contextmanager
def serve_fake_hub(models: dict[str, Path], faults: dict[str, str] | None = None) -> Iterator[FakeHub]:
    """Serve directories as Hub model repos on ``127.0.0.1`` (a free port) while the block runs.

    Args:
        models: repo id (``org/name``) → directory whose files (recursively, ``.cache/`` excluded) make the repo.
        faults: file name → one of :data:`FAULTS`, applied to downloads (``GET .../resolve/...``) of that file
            in every repo: ``500`` (every GET answers 500), ``drop-once`` (the first GET sends half the file and
            closes the connection; later ones honour ``Range``), ``drop-then-500`` (half, hang up, then 500s).

    Yields:
        The running :class:`FakeHub`; its ``url`` goes into ``HF_ENDPOINT``.
    """
    faults = dict(faults or {})
    unknown = set(faults.values()) - set(FAULTS)
    if unknown:
        raise ValueError(f"unknown fault(s) {sorted(unknown)}; use {', '.join(FAULTS)}")
    repos = {repo_id: _load_repo(Path(path)) for repo_id, path in models.items()}
    server = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    server.daemon_threads = True
    hub = FakeHub(url=f"http://127.0.0.1:{server.server_address[1]}", repos={k: v.sha for k, v in repos.items()})
    server.RequestHandlerClass = _make_handler(hub, repos, faults)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield hub
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
