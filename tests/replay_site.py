"""A FirstAgenda Publication site replayed on 127.0.0.1, for ``referat fetch`` tests.

A real HTTP server (``http.server`` in a thread) answering as the sites do: ``/`` and every API
path redirect to ``/Home/AnonymousAuthentication`` until the session cookie is set, which sets it
and redirects back; ``/api/agenda/udvalgsliste`` lists the committees and meetings built from the
meetings' JSON (``ReleasedDate`` made up from the date); ``/api/agenda/dagsorden/{id}`` is the
meeting's JSON; ``/vis/pdf/dagsorden/{id}`` its PDF with ``?redirectDirectlyToPdf=true``, else a
viewer page.  Faults are queued per path (:meth:`ReplaySite.fault`), and the server can be made
to die after a number of meeting requests (``die_after``).
"""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
GREVE_JSON = CORPUS / "firstagenda-json"
COOKIE = ".AspNet.Cookies"
AUTH = "/Home/AnonymousAuthentication"
LISTING = "/api/agenda/udvalgsliste"
MEETING = "/api/agenda/dagsorden/"
PDF = "/vis/pdf/dagsorden/"
VIEWER = b"<!DOCTYPE html><html><body><iframe src='https://example.invalid/x.pdf'></iframe></body></html>"


def greve_files() -> list[Path]:
    return sorted(GREVE_JSON.glob("*.json")) if GREVE_JSON.is_dir() else []


@dataclass
class Fault:
    """What the server does instead of answering: ``status`` (with ``retry_after``), ``slow``
    (sleep seconds, then answer), ``truncated`` (half the body, a full Content-Length),
    ``html`` (a web page, 200), ``error-json`` (an error as JSON, 200), ``other`` (another
    meeting's JSON), ``loop`` (302 to itself), ``die`` (close and stop serving)."""

    kind: str
    status: int = 503
    retry_after: str | None = None
    seconds: float = 0.0


@dataclass
class ReplaySite:
    meetings: dict[str, bytes] = field(default_factory=dict)  # site id -> JSON
    listed: dict[str, dict[str, Any]] = field(default_factory=dict)  # site id -> listing entry
    committees: dict[str, tuple[str, str]] = field(default_factory=dict)  # site id -> (id, name)
    pdfs: dict[str, bytes] = field(default_factory=dict)
    faults: dict[str, list[Fault]] = field(default_factory=dict)
    requests: list[str] = field(default_factory=list)  # paths answered past the cookie
    user_agents: set[str] = field(default_factory=set)
    die_after: int | None = None  # meeting requests answered before the server dies
    served: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    server: ThreadingHTTPServer | None = None

    # -- content ---------------------------------------------------------------------------

    def add_meeting(self, body: bytes, released: str | None = None) -> str:
        data = json.loads(body)
        site_id = data["Id"]
        moede = data["Moede"]
        self.meetings[site_id] = body
        self.committees[site_id] = (data["Udvalg"]["Id"], data["Udvalg"]["Navn"])
        day = dt.date.fromisoformat(moede["Dato"][:10])
        self.listed[site_id] = {
            "Id": site_id,
            "MeetingBeginUtc": moede["MeetingBeginUtc"],
            "MeetingEndUtc": moede.get("MeetingEndUtc"),
            "ReleasedDate": released or f"{day + dt.timedelta(days=2)}T10:00:00.1234567+01:00",
            "Dato": moede["Dato"],
            "Sted": moede.get("Sted"),
            "Afsluttet": moede["Afsluttet"],
            "Moededeltagere": None,
            "Navn": moede.get("Navn"),
            "Description": None,
            "ElasticSearchResults": None,
            "SourceId": None,
            "IsSupplementaryAgenda": False,
        }
        return site_id

    def republish(self, site_id: str, body: bytes, released: str) -> None:
        self.meetings[site_id] = body
        self.listed[site_id]["ReleasedDate"] = released

    def listing(self) -> bytes:
        groups: dict[str, dict[str, Any]] = {}
        for site_id, entry in self.listed.items():
            committee_id, name = self.committees[site_id]
            group = groups.setdefault(
                committee_id, {"Id": committee_id, "Navn": name, "Moeder": []}
            )
            group["Moeder"].append(entry)
        for group in groups.values():
            group["Moeder"].sort(key=lambda m: m["Dato"], reverse=True)
        return json.dumps({"Udvalg": {"Udvalg 2022-2025": list(groups.values())}}).encode()

    def fault(self, path: str, *faults: Fault) -> None:
        self.faults.setdefault(path, []).extend(faults)

    def meeting_path(self, site_id: str) -> str:
        return MEETING + site_id

    # -- serving ---------------------------------------------------------------------------

    @property
    def url(self) -> str:
        assert self.server is not None
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self, port: int = 0) -> ReplaySite:
        site = self

        class Handler(_Handler):
            replay = site

        self.server = _QuietServer(("127.0.0.1", port), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            server, self.server = self.server, None
            server.shutdown()
            server.server_close()

    def die(self) -> None:
        """Stop serving from a handler's thread: new connections are refused."""
        server = self.server
        if server is not None:
            threading.Thread(target=lambda: (server.shutdown(), server.server_close())).start()
            deadline = time.monotonic() + 5
            while server.socket.fileno() != -1 and time.monotonic() < deadline:
                time.sleep(0.01)

    def meeting_requests(self) -> list[str]:
        return [p for p in self.requests if p.startswith(MEETING)]


class _QuietServer(ThreadingHTTPServer):
    """A client that gave up (a timeout) leaves a broken pipe: not worth a traceback."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass


class _Handler(BaseHTTPRequestHandler):
    replay: ReplaySite
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        replay = self.replay
        parts = urlsplit(self.path)
        path, query = parts.path, parse_qs(parts.query)
        replay.user_agents.add(self.headers.get("User-Agent", ""))
        if path == AUTH:
            back = query.get("callback", ["/"])[0]
            self._send(302, b"", headers={"Location": back, "Set-Cookie": f"{COOKIE}=ok; Path=/"})
            return
        if f"{COOKIE}=ok" not in self.headers.get("Cookie", ""):
            self._send(302, b"", headers={"Location": f"{AUTH}?callback={quote(self.path)}"})
            return
        with replay.lock:
            queued = replay.faults.get(path)
            fault = queued.pop(0) if queued else None
            if path.startswith(MEETING) and fault is None:
                if replay.die_after is not None and replay.served >= replay.die_after:
                    fault = Fault("die")
                else:
                    replay.served += 1
            replay.requests.append(path)
        if fault is not None and self._faulty(fault, path):
            return
        if path == "/":
            self._send(200, b"<!DOCTYPE html><html><body>Dagsordener</body></html>", "text/html")
        elif path == LISTING:
            self._send(200, replay.listing(), "application/json; charset=utf-8")
        elif path.startswith(MEETING) and path[len(MEETING) :] in replay.meetings:
            self._send(
                200, replay.meetings[path[len(MEETING) :]], "application/json; charset=utf-8"
            )
        elif path.startswith(PDF) and path[len(PDF) :] in replay.pdfs:
            if query.get("redirectDirectlyToPdf") == ["true"]:
                self._send(200, replay.pdfs[path[len(PDF) :]], "application/pdf")
            else:
                self._send(200, VIEWER, "text/html; charset=utf-8")
        else:
            self._send(404, b"<html><body>Not found</body></html>", "text/html")

    def _faulty(self, fault: Fault, path: str) -> bool:
        """Do the fault; True when the request is answered (or dropped) by it."""
        if fault.kind == "slow":
            time.sleep(fault.seconds)
            return False
        if fault.kind == "status":
            headers = {"Retry-After": fault.retry_after} if fault.retry_after else {}
            self._send(fault.status, b"busy", "text/plain", headers)
        elif fault.kind == "error-json":  # what an ASP.NET API answers when it fails
            self._send(200, b'{"Message": "An error has occurred."}', "application/json")
        elif fault.kind == "other":  # another meeting than the one asked for
            other = next(i for i in self.replay.meetings if not path.endswith(i))
            self._send(200, self.replay.meetings[other], "application/json")
        elif fault.kind == "html":
            self._send(200, b"<!DOCTYPE html><html><body>Log ind</body></html>", "text/html")
        elif fault.kind == "loop":
            self._send(302, b"", headers={"Location": path})
        elif fault.kind == "truncated":
            body = self.replay.meetings[path[len(MEETING) :]]
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
        elif fault.kind == "die":
            self.close_connection = True
            self.replay.die()
        return True

    def _send(
        self,
        status: int,
        body: bytes,
        content_type: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def greve_site(files: Iterable[Path] | None = None) -> ReplaySite:
    """A replay of Greve's site: the corpus meetings (or ``files``), not started."""
    site = ReplaySite()
    for path in greve_files() if files is None else files:
        site.add_meeting(path.read_bytes())
    return site
