"""Load on the production server: many readers on the list pages, and writers during backups.

    uv run --frozen --with gunicorn python bench/load.py [--seconds 60] [--clients 50]
        [--writers 10] [--workers 3] [--claims 20000] [--people 2000] [--rows 20000]
        [--database-url URL]

Builds a throw-away SQLite database in a temporary folder (or uses the EMPTY PostgreSQL
database given with --database-url) holding the ledger's synthetic documents (sources, claims,
figures and the findings of the checks, from bench/figures_pages.py), synthetic registry
records and many addressees, so that a backup takes a while. Then serves it as production does
(docs/deploy.md: gunicorn, ``--workers 3 --timeout 120``; plain HTTP on loopback, as behind
the TLS proxy) and measures over real sockets:

1. ``--clients`` logged-in clients, each asking for one list page after another for
   ``--seconds``: sources, claims, figures, findings, registry casualties, persons, incidents.
2. ``--writers`` logged-in clients posting the new-addressee form one after another while
   ``ombuds backup`` runs in its own process, one backup after the other, for ``--seconds``
   (the writers go on until the last backup has finished, so every write meets a backup).

Prints requests per second, the median and 95th percentile of the latency and the count of
errors (any answer but the expected one, or a failed connection) of each; the aim is 0 errors.
Gunicorn is not a dependency of ombuds (production installs it, docs/deploy.md): run this with
``uv run --with gunicorn`` as above.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))
sys.path.insert(0, str(HERE))

from harness import throwaway_django  # noqa: E402  (beside this file)

LIST_PAGES = [
    "/sources/",
    "/claims/",
    "/figures/",
    "/figures/findings/",
    "/registry/casualties/",
    "/registry/persons/",
    "/registry/incidents/",
]
FORM = "/appeals/addressees/new/"
TOKEN_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Tally:
    """Latencies (s) of the answers as expected, and what went wrong otherwise."""

    times: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, took: float, error: str = "") -> None:
        with self.lock:
            if error:
                self.errors.append(error)
            else:
                self.times.append(took)

    def line(self, label: str, seconds: float) -> str:
        if not self.times:
            return f"{label:32} no answer; {len(self.errors)} errors"
        p95 = statistics.quantiles(self.times, n=20)[18] if len(self.times) > 1 else self.times[0]
        return (
            f"{label:32} {len(self.times) / seconds:7.1f} req/s  median "
            f"{statistics.median(self.times) * 1000:6.0f} ms  p95 {p95 * 1000:6.0f} ms  "
            f"{len(self.times):6d} ok  {len(self.errors)} errors"
        )


def build(claims: int, people: int, rows: int) -> None:
    from django.db import connection
    from figures_pages import build as build_ledger

    from ombuds.appeals.models import Addressee
    from ombuds.figures.actions import do_run_checks
    from ombuds.registry.synth import generate

    build_ledger(claims)
    counts = do_run_checks(acting_user=None)
    generate(people=people, unnamed=people * 2, say=lambda _text: None)
    Addressee.objects.bulk_create(
        (
            Addressee(organisation=f"Bulk {n} {uuid.uuid4()}", category="un_body")
            for n in range(rows)
        ),
        batch_size=2000,
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # as autovacuum would soon after the bulk inserts
    print(f"{counts.found:,} findings, {people:,} persons, {rows:,} addressees", file=sys.stderr)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def serve(port: int, workers: int) -> subprocess.Popen[bytes]:
    gunicorn = shutil.which("gunicorn") or str(Path(sys.executable).with_name("gunicorn"))
    if not Path(gunicorn).exists():
        sys.exit("gunicorn is missing: run `uv run --frozen --with gunicorn python bench/load.py`")
    server = subprocess.Popen(
        [gunicorn, "ombuds.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
         "--timeout", "120", "--log-level", "warning"],
        env=os.environ.copy(),
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            status, _body, _cookies = request(port, "GET", "/login/", "")
            if status == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    sys.exit("gunicorn did not answer within 60 s")


def request(
    port: int, method: str, path: str, cookie: str, body: str = ""
) -> tuple[int, bytes, dict[str, str]]:
    """One request on a new connection (gunicorn's sync workers close each one)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=130)
    headers = {"Cookie": cookie, "Host": "127.0.0.1"}
    if body:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        connection.request(method, path, body=body or None, headers=headers)
        response = connection.getresponse()
        data = response.read()
        cookies = {}
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _sep, rest = header.partition("=")
            cookies[name] = rest.split(";", 1)[0]
        return response.status, data, cookies
    finally:
        connection.close()


def session_cookie() -> str:
    """A logged-in editor's session, made in the database the server reads."""
    from django.contrib.auth.models import User
    from django.test import Client

    from ombuds.core.actions import do_create_user

    user = User.objects.filter(username="bench-editor").first() or do_create_user(
        "bench-editor", role="editor", password="x" * 16, acting_user=None
    )
    client = Client()
    client.force_login(user)
    return f"sessionid={client.cookies['sessionid'].value}"


def readers(port: int, *, clients: int, seconds: float) -> Tally:
    tally = Tally()
    cookies = [session_cookie() for _ in range(clients)]
    deadline = time.monotonic() + seconds

    def read(n: int) -> None:
        i = n
        while time.monotonic() < deadline:
            path = LIST_PAGES[i % len(LIST_PAGES)]
            i += 1
            began = time.perf_counter()
            try:
                status, _body, _c = request(port, "GET", path, cookies[n])
            except OSError as exc:
                tally.add(0, f"{path}: {exc}")
                continue
            took = time.perf_counter() - began
            tally.add(took, "" if status == 200 else f"{path}: {status}")

    run_threads(read, clients)
    return tally


def writers_during_backups(
    port: int, *, writers: int, seconds: float, folder: Path
) -> tuple[Tally, list[float]]:
    tally = Tally()
    backups: list[float] = []
    done = threading.Event()

    def backup_loop() -> None:
        deadline = time.monotonic() + seconds
        n = 0
        while time.monotonic() < deadline:
            began = time.monotonic()
            out = subprocess.run(
                [sys.executable, "-c", "from ombuds.cli import main; main()", "backup",
                 str(folder / f"backup-{n}.zip")],
                env=os.environ.copy(), capture_output=True, text=True, check=False,
            )  # fmt: skip
            if out.returncode != 0:
                tally.add(0, f"backup failed: {out.stderr[-300:]}")
            backups.append(time.monotonic() - began)
            (folder / f"backup-{n}.zip").unlink(missing_ok=True)
            n += 1
        done.set()

    cookies = [session_cookie() for _ in range(writers)]

    def write(n: int) -> None:
        status, body, set_cookies = request(port, "GET", FORM, cookies[n])
        token = TOKEN_RE.search(body.decode())
        if status != 200 or token is None or "csrftoken" not in set_cookies:
            tally.add(0, f"form {status}")
            return
        cookie = f"{cookies[n]}; csrftoken={set_cookies['csrftoken']}"
        i = 0
        while not done.is_set():
            form = urlencode(
                {
                    "csrfmiddlewaretoken": token.group(1),
                    "organisation": f"Writer {n}-{i} {uuid.uuid4()}",
                    "category": "un_body",
                }
            )
            began = time.perf_counter()
            try:
                status, _body, _c = request(port, "POST", FORM, cookie, form)
            except OSError as exc:
                tally.add(0, f"post: {exc}")
                continue
            tally.add(time.perf_counter() - began, "" if status == 302 else f"post: {status}")
            i += 1

    backup = threading.Thread(target=backup_loop)
    backup.start()
    run_threads(write, writers)
    backup.join()
    return tally, backups


def run_threads(target: object, count: int) -> None:
    threads = [threading.Thread(target=target, args=(n,)) for n in range(count)]  # type: ignore[arg-type]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--writers", type=int, default=10)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
    parser.add_argument("--claims", type=int, default=20_000)
    parser.add_argument("--people", type=int, default=2_000)
    parser.add_argument("--rows", type=int, default=20_000, help="addressees (backup size)")
    parser.add_argument(
        "--database-url",
        default="",
        help="an EMPTY throw-away PostgreSQL database to use instead of a temporary SQLite file",
    )
    args = parser.parse_args()
    # Plain HTTP on loopback, as gunicorn is reached behind the proxy that terminates TLS.
    for name in ("SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE"):
        os.environ[name] = "0"
    os.environ["ALLOWED_HOSTS"] = "127.0.0.1"
    folder = Path(throwaway_django(args.database_url))
    from django.db import connection

    build(args.claims, args.people, args.rows)
    vendor = connection.vendor
    connection.close()
    port = free_port()
    server = serve(port, args.workers)
    try:
        reading = readers(port, clients=args.clients, seconds=args.seconds)
        writing, backups = writers_during_backups(
            port, writers=args.writers, seconds=args.seconds, folder=folder
        )
    finally:
        server.terminate()
        server.wait(30)
    print(
        f"gunicorn, {args.workers} workers, {vendor}, {os.cpu_count()} cores; "
        f"{args.seconds:.0f} s each"
    )
    print(reading.line(f"{args.clients} clients, list pages", args.seconds))
    took = sum(backups)
    print(writing.line(f"{args.writers} writers, during backups", took))
    print(
        f"{'backups':32} {len(backups)} in {took:.0f} s, median "
        f"{statistics.median(backups):.1f} s each"
    )
    for error in (reading.errors + writing.errors)[:10]:
        print(f"  error: {error}")


if __name__ == "__main__":
    main()
