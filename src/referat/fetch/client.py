"""A polite HTTP session for publication sites: requests with urllib3's ``Retry``.

* **Who asks:** a User-Agent naming referat, its version and homepage.
* **How often:** at most ``rate`` requests a second per host (redirects count), so a site is
  never hammered; ``rate=0`` does not wait (tests, a local replay).
* **When to try again:** timeouts, connection errors, 429 and 5xx, with exponential backoff and
  the server's ``Retry-After`` honoured (up to :data:`MAX_RETRY_AFTER`); never a 4xx.
* **How long to wait:** a timeout on connecting and one on each read.
* **What came back:** the bytes asked for, or one :class:`FetchError` saying what went wrong in
  words (``HTTP 404 Not Found``, ``the response ended early``, ``a web page, not JSON``).
  :class:`Unreachable` (the site does not answer at all) means the run should stop.

The session keeps the site's cookies: the API answers 302 to a visitor without its session
cookie, and requests follows that redirect and the one back with the cookie set.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from referat import __version__
from referat.errors import ReferatError

HOMEPAGE = "https://pypi.org/project/referat/"  # the project's page; change here when it moves
USER_AGENT = f"referat/{__version__} (+{HOMEPAGE})"
RETRY_STATUSES = (429, 500, 502, 503, 504)
MAX_RETRY_AFTER = 120.0  # seconds: a longer Retry-After is waited for this long
MAX_REDIRECTS = 10
MAX_BYTES = 256 * 1024 * 1024  # a meeting's PDF is a few MB; more is not a meeting
Expect = Literal["json", "pdf"]


class FetchError(ReferatError):
    """One request failed; the message says why, in words."""


class Unreachable(FetchError):
    """The site did not answer (connection refused, name unknown, network gone)."""


@dataclass(frozen=True, slots=True)
class Settings:
    """How the client behaves: requests a second per host, timeouts in seconds (connect,
    read), retries and the backoff factor between them (urllib3: ``factor * 2**n``)."""

    rate: float = 1.0
    connect_timeout: float = 10.0
    read_timeout: float = 60.0
    retries: int = 3
    backoff: float = 1.0
    user_agent: str = USER_AGENT


class _CappedRetry(Retry):
    """urllib3's Retry, with a server's Retry-After honoured on every status retried (urllib3:
    only 413, 429 and 503) and waited for at most MAX_RETRY_AFTER."""

    RETRY_AFTER_STATUS_CODES = frozenset(RETRY_STATUSES)

    def get_retry_after(self, response: Any) -> float | None:
        seconds = super().get_retry_after(response)
        return None if seconds is None else min(seconds, MAX_RETRY_AFTER)


class _PoliteAdapter(HTTPAdapter):
    """An adapter that waits so that one host gets at most one request per ``interval``."""

    def __init__(self, interval: float, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.interval = interval
        self.next_at: dict[str, float] = {}

    def send(self, request: requests.PreparedRequest, *args: Any, **kwargs: Any) -> Any:
        host = urlsplit(request.url or "").netloc
        wait = self.next_at.get(host, 0.0) - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        self.next_at[host] = time.monotonic() + self.interval
        return super().send(request, *args, **kwargs)


def new_session(settings: Settings) -> requests.Session:
    """A session with the User-Agent, the retry policy, the rate limit and a cookie jar."""
    retry = _CappedRetry(
        total=settings.retries,
        connect=settings.retries,
        read=settings.retries,
        status=settings.retries,
        other=0,
        redirect=False,  # requests follows redirects itself (Session.max_redirects)
        allowed_methods=frozenset({"GET", "HEAD"}),
        status_forcelist=RETRY_STATUSES,
        backoff_factor=settings.backoff,
        backoff_max=MAX_RETRY_AFTER,
        respect_retry_after_header=True,
        raise_on_status=False,  # the last answer is returned, and reported by its status
    )
    interval = 1.0 / settings.rate if settings.rate > 0 else 0.0
    adapter = _PoliteAdapter(interval, max_retries=retry)
    session = requests.Session()
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers["User-Agent"] = settings.user_agent
    session.max_redirects = MAX_REDIRECTS
    return session


class Client:
    """GET with the policy of :func:`new_session`; answers checked for what was expected."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()
        self.session = new_session(self.settings)

    def close(self) -> None:
        self.session.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(self, url: str, expect: Expect | None = None, *, accept: str | None = None) -> bytes:
        """The body of ``url``; FetchError (one line, in words) on any failure.  ``expect``:
        ``json`` refuses a web page or invalid JSON, ``pdf`` anything that is not a PDF."""
        s = self.settings
        headers = {"Accept": accept or _ACCEPT.get(expect or "", "*/*")}
        try:
            with self.session.get(
                url, headers=headers, timeout=(s.connect_timeout, s.read_timeout), stream=True
            ) as response:
                _check_status(response)
                body = _read_body(response)
                kind = response.headers.get("Content-Type", "")
        except requests.TooManyRedirects:
            raise FetchError(f"more than {MAX_REDIRECTS} redirects (a redirect loop)") from None
        except requests.exceptions.ConnectTimeout:
            raise Unreachable(
                f"no connection within {s.connect_timeout:g} s ({s.retries} retries)"
            ) from None
        except requests.Timeout:
            raise FetchError(
                f"no answer within {s.read_timeout:g} s ({s.retries} retries)"
            ) from None
        except requests.exceptions.ChunkedEncodingError:
            raise FetchError("the response ended early (truncated)") from None
        except requests.ConnectionError as exc:
            if _read_timeout(exc):
                raise FetchError(
                    f"no answer within {s.read_timeout:g} s ({s.retries} retries)"
                ) from None
            raise Unreachable(f"cannot connect ({_reason(exc)})") from None
        except requests.RequestException as exc:
            raise FetchError(f"request failed ({_reason(exc)})") from None
        if expect is not None:
            check_content(body, kind, expect)
        return body


_ACCEPT = {"json": "application/json", "pdf": "application/pdf"}


def _check_status(response: requests.Response) -> None:
    if response.status_code >= 400:
        reason = response.reason or ""
        retried = " (after retries)" if response.status_code in RETRY_STATUSES else ""
        raise FetchError(f"HTTP {response.status_code} {reason}".rstrip() + retried)
    if 300 <= response.status_code < 400:
        raise FetchError(f"HTTP {response.status_code} redirect without a Location")


def _read_body(response: requests.Response) -> bytes:
    expected = response.headers.get("Content-Length")
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_content(64 * 1024):
        size += len(chunk)
        if size > MAX_BYTES:
            raise FetchError(f"the response is larger than {MAX_BYTES // 2**20} MB")
        chunks.append(chunk)
    body = b"".join(chunks)
    if expected and expected.isdigit() and int(expected) > len(body) and not _encoded(response):
        raise FetchError(
            f"the response ended early (truncated: {len(body):,} of {int(expected):,} bytes)"
        )
    return body


def _encoded(response: requests.Response) -> bool:
    return bool(response.headers.get("Content-Encoding", "").strip())


def check_content(body: bytes, content_type: str, expect: Expect) -> None:
    """Refuse what is not the kind of document asked for, in words."""
    start = body.lstrip()[:64].lower()
    page = "html" in content_type.lower() or start.startswith((b"<!doctype", b"<html", b"<"))
    if expect == "pdf":
        if body.startswith(b"%PDF-"):
            return
        if page:
            raise FetchError("a web page (the PDF viewer?), not a PDF")
        raise FetchError(f"not a PDF ({_what(content_type, body)})")
    if page:
        raise FetchError("a web page, not JSON")
    if not body.strip():
        raise FetchError("an empty response, not JSON")
    try:
        json.loads(body)
    except ValueError as exc:
        where = (
            f" at byte {exc.pos:,} of {len(body):,}"
            if isinstance(exc, json.JSONDecodeError)
            else ""
        )
        raise FetchError(f"not valid JSON{where} (cut short?)") from None


def _what(content_type: str, body: bytes) -> str:
    return content_type.split(";")[0].strip() or f"{len(body):,} bytes"


def _read_timeout(exc: requests.ConnectionError) -> bool:
    from urllib3.exceptions import MaxRetryError, ReadTimeoutError

    inner = exc.args[0] if exc.args else None
    if isinstance(inner, MaxRetryError):
        inner = inner.reason
    return isinstance(inner, ReadTimeoutError)


def _reason(exc: BaseException) -> str:
    """The innermost cause of a requests error, without urllib3's object reprs."""
    from urllib3.exceptions import MaxRetryError, NewConnectionError

    inner: Any = exc.args[0] if exc.args else exc
    if isinstance(inner, MaxRetryError) and inner.reason is not None:
        inner = inner.reason
    if isinstance(inner, NewConnectionError):
        text = str(inner).split(": ", 1)[-1]
        return text.replace("Failed to establish a new connection: ", "")
    text = str(inner)
    return text if len(text) <= 200 else text[:200] + "…"
