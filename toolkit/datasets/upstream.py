"""Check that every card's upstream URLs still exist (and, with ``download``, still match their sha256).

A maintainer's tool (``python -m toolkit datasets verify-upstream [NAME ...] [--download]``): a card
pins files at a commit of an upstream repository, and a repository can be deleted, renamed or
rewritten. Each URL is asked for with ``HEAD`` (falling back to ``GET`` where a host refuses
``HEAD``); the reply's ``Content-Length`` is compared with the card's size where the card has one,
which catches Git LFS pointers without downloading. With ``download=True`` every file with a
recorded sha256 is fetched and hashed.

Nothing here touches the network at import. ``$TOOLKIT_DOWNLOAD_BASE`` (or ``base_url``) replaces
the GitHub host, as for downloads.
"""

from __future__ import annotations

import hashlib
import os
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from .cards import DatasetCard

#: Seconds to wait for one reply.
TIMEOUT = 30
LFS_POINTER = b"version https://git-lfs.github.com/spec/v1"


class NoNetworkError(RuntimeError):
    """The upstream host cannot be reached at all (no network, DNS failure, refused connection)."""


@dataclass(frozen=True)
class UrlCheck:
    """One URL to check: which dataset and file, where, and what the card expects."""

    dataset: str
    path: str
    url: str
    sha256: str | None = None
    size: int | None = None


@dataclass(frozen=True)
class Problem:
    """A URL that failed its check."""

    check: UrlCheck
    reason: str

    def line(self) -> str:
        """One line: ``PROBLEM <dataset>: <file>: <reason> (<url>)``."""
        return f"PROBLEM {self.check.dataset}: {self.check.path}: {self.reason} ({self.check.url})"


def card_checks(card: DatasetCard, base_url: str | None = None) -> list[UrlCheck]:
    """Every upstream URL of ``card``: files with an upstream path, then derive inputs not among them."""
    checks, seen = [], set()
    for f in card.files:
        if f.upstream_path is None:
            continue
        url = card.file_url(f, base_url)
        seen.add(url)
        checks.append(UrlCheck(card.name, f.path, url, f.sha256, f.size))
    for up in card.upstream_sources:
        url = card.url(up, base_url)
        if url not in seen:
            seen.add(url)
            checks.append(UrlCheck(card.name, f"_upstream/{up}", url))
    return checks


def _open(url: str, method: str):
    request = urllib.request.Request(url, method=method, headers={"User-Agent": "framing-toolkit verify-upstream"})
    return urllib.request.urlopen(request, timeout=TIMEOUT)  # noqa: S310 - http(s) URLs built from cards


def _is_connection_failure(exc: BaseException) -> bool:
    if isinstance(exc, urllib.error.HTTPError):
        return False
    return isinstance(exc, (urllib.error.URLError, ConnectionError, TimeoutError))


def check_url(check: UrlCheck, *, download: bool = False) -> Problem | None:
    """Check one URL; None when it is fine.

    Raises
    ------
    NoNetworkError
        When the host cannot be reached at all (the caller decides whether that means "offline").
    """
    try:
        if download:
            return _check_content(check)
        try:
            with _open(check.url, "HEAD") as reply:
                length = reply.headers.get("Content-Length")
        except urllib.error.HTTPError as exc:
            if exc.code not in (405, 501):  # a host that refuses HEAD is asked with GET
                raise
            with _open(check.url, "GET") as reply:
                length = reply.headers.get("Content-Length")
    except urllib.error.HTTPError as exc:
        what = "not found at the pinned commit" if exc.code == 404 else exc.reason
        return Problem(check, f"HTTP {exc.code} ({what})")
    except Exception as exc:  # noqa: BLE001 - sockets fail in many ways
        if _is_connection_failure(exc):
            raise NoNetworkError(f"cannot reach {check.url}: {getattr(exc, 'reason', exc)}") from exc
        return Problem(check, f"{type(exc).__name__}: {exc}")
    if check.size is not None and length is not None and length.isdigit() and int(length) != check.size:
        hint = " (a Git LFS pointer?)" if int(length) < 200 < check.size else ""
        return Problem(check, f"size {int(length)} bytes, the card expects {check.size}{hint}")
    return None


def _check_content(check: UrlCheck) -> Problem | None:
    h, size, head = hashlib.sha256(), 0, b""
    with _open(check.url, "GET") as reply:
        while block := reply.read(1 << 20):
            if size < len(LFS_POINTER):
                head += block[:len(LFS_POINTER)]
            h.update(block)
            size += len(block)
    if head.startswith(LFS_POINTER):
        return Problem(check, "a Git LFS pointer, not the file (fetch it through the LFS media URL instead)")
    if check.sha256 is not None and h.hexdigest() != check.sha256:
        return Problem(check, f"sha256 mismatch: upstream has {h.hexdigest()} ({size} bytes), the card expects "
                              f"{check.sha256} ({check.size} bytes)")
    return None


@dataclass
class Report:
    """What :func:`verify_upstream` found."""

    datasets: list[str]
    n_checked: int
    problems: list[Problem]
    offline: str | None = None  # the no-network message, when the host could not be reached

    @property
    def exit_code(self) -> int:
        """0 all good, 1 problems found, 2 no network."""
        return 2 if self.offline else (1 if self.problems else 0)

    def summary(self) -> str:
        """The summary line."""
        if self.offline:
            return f"no network: {self.offline}. Nothing was checked; connect and run again."
        return (f"checked {self.n_checked} URLs of {len(self.datasets)} datasets: "
                f"{len(self.problems)} problem{'s' if len(self.problems) != 1 else ''}")


def verify_upstream(cards: Iterable[DatasetCard], *, download: bool = False, base_url: str | None = None,
                    workers: int = 8, on_problem: Callable[[Problem], None] | None = None,
                    progress: bool = False) -> Report:
    """Check every upstream URL of ``cards``.

    Parameters
    ----------
    cards : iterable of DatasetCard
    download : bool, default False
        Fetch each file and compare its sha256 (and refuse Git LFS pointers) instead of asking
        whether it exists.
    base_url : str, optional
        Host replacing GitHub's (default ``$TOOLKIT_DOWNLOAD_BASE``).
    workers : int, default 8
        Requests in flight (network-bound; a card such as the UN debates has ~4,800 URLs).
    on_problem : callable, optional
        Called with each :class:`Problem` as it is found (the CLI prints it).
    progress : bool
        Show a progress bar.

    Returns
    -------
    Report
        ``offline`` is set (and nothing else checked) when the first URL's host cannot be reached.
    """
    base_url = base_url or os.environ.get("TOOLKIT_DOWNLOAD_BASE")
    cards = list(cards)
    checks = [c for card in cards for c in card_checks(card, base_url)]
    report = Report([c.name for c in cards], 0, [])
    if not checks:
        return report
    try:  # one probe first: offline is one message, not thousands of failures
        first = check_url(checks[0], download=download)
    except NoNetworkError as exc:
        report.offline = str(exc)
        return report
    results = [first]

    def run(check: UrlCheck) -> Problem | None:
        try:
            return check_url(check, download=download)
        except NoNetworkError as exc:
            return Problem(check, f"connection failed: {exc}")

    from tqdm.auto import tqdm

    if first is not None and on_problem:
        on_problem(first)
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        for problem in tqdm(pool.map(run, checks[1:]), total=len(checks) - 1, unit="url",
                            desc="verify-upstream", disable=not progress):
            results.append(problem)
            if problem is not None and on_problem:
                on_problem(problem)
    report.n_checked = len(checks)
    report.problems = [p for p in results if p is not None]
    return report
