"""``ombuds serve``: the web pages and the task worker, started and stopped as one.

The web server is Django's threaded development server, bound here rather than through
``runserver`` so that a busy port is one line saying what to do, and the address is printed
only once the socket listens. It serves the static files itself (as ``runserver --insecure``
would), so the pages and the API docs work in any mode without a front server.

The task worker is ``ombuds worker`` in a child process: a task (an ingest, an import) may run
for minutes and must not share the web server's interpreter. It runs in its own process group,
so that Ctrl+C reaches this process alone and the worker gets exactly one SIGTERM from it:
db_worker then finishes the task in hand and exits, where a second signal would cut the task
off. Its stdin is a pipe from this process; the worker stops when the pipe closes, so it never
outlives ``ombuds serve``, even one killed with SIGKILL. If the worker stops by itself, the
server stops too and says so: nothing queued would ever run.

Production runs the two as separate services (docs/deploy.md).
"""

from __future__ import annotations

import contextlib
import errno
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Callable
from types import FrameType
from typing import Any

# Seconds the worker has to finish its task after Ctrl+C before it is killed; a task cut off
# leaves nothing half-written (each is one transaction) and the next worker clears its files.
WORKER_GRACE_SECONDS = 30


class ServeError(Exception):
    """The server could not start or stopped on a fault; the message says what to do."""


def parse_address(addr: str, *, default_port: int) -> tuple[str, int]:
    """(host, port) of ``addr``: ``HOST:PORT``, ``[IPv6]:PORT``, ``PORT`` or ``HOST``.

    Raises ServeError naming the form to use when ``addr`` is none of these.
    """
    text = addr.strip()
    host, port_text = "127.0.0.1", str(default_port)
    if text.startswith("["):
        inside, _, rest = text[1:].partition("]")
        host = inside
        if rest:
            port_text = rest.removeprefix(":")
    elif text.count(":") == 1:
        host, port_text = text.split(":")
        host = host or "127.0.0.1"
    elif text.isdigit():
        port_text = text
    elif text and ":" not in text:
        host = text
    else:
        raise ServeError(
            f"{addr!r} is not an address: write HOST:PORT (127.0.0.1:8001), a port alone "
            "(8001), or [IPv6]:PORT."
        )
    if not port_text.isdigit() or not 0 <= int(port_text) <= 65535:
        raise ServeError(f"{port_text!r} is not a port: use a number from 1024 to 65535.")
    return host, int(port_text)


def _bind_problem(exc: OSError, host: str, port: int) -> str:
    where = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    if exc.errno == errno.EADDRINUSE:
        other = port + 1 if port < 65535 else 8001
        return (
            f"{where} is in use by another program (perhaps another ombuds serve): stop it, or "
            f"choose another port, e.g. PORT={other} make demo, or ombuds serve --addr "
            f"{host}:{other}."
        )
    if exc.errno == errno.EACCES:
        return f"Port {port} is reserved for the system administrator: use one from 1024 up."
    if exc.errno == errno.EADDRNOTAVAIL or isinstance(exc, socket.gaierror):
        return (
            f"{host} is not an address of this machine: use 127.0.0.1 (this machine only) or "
            "0.0.0.0 (every network it is on)."
        )
    return f"Cannot listen on {where}: {exc.strerror or exc}."


class _Stop(Exception):
    """SIGTERM or SIGHUP: stop as Ctrl+C does."""


def _raise_stop(signum: int, frame: FrameType | None) -> None:
    raise _Stop(signal.Signals(signum).name)


def start_worker() -> subprocess.Popen[bytes]:
    """``ombuds worker`` in a child process that stops when this one goes (see above)."""
    return subprocess.Popen(
        [sys.executable, "-m", "ombuds", "worker", "--stop-with-parent"],
        stdin=subprocess.PIPE,
        start_new_session=True,
    )


def stop_worker(worker: subprocess.Popen[bytes], say: Callable[[str], None]) -> None:
    """Ask the worker to stop after its task; kill it after the grace time or a second Ctrl+C."""
    if worker.poll() is not None:
        return
    worker.send_signal(signal.SIGTERM)
    try:
        try:
            worker.wait(timeout=1)
            return
        except subprocess.TimeoutExpired:
            say(
                f"waiting up to {WORKER_GRACE_SECONDS} s for the worker to finish its task "
                "(Ctrl+C again stops it at once)"
            )
        worker.wait(timeout=WORKER_GRACE_SECONDS)
    except (subprocess.TimeoutExpired, KeyboardInterrupt, _Stop):
        worker.kill()
        worker.wait()


def serve(
    host: str,
    port: int,
    *,
    with_worker: bool,
    echo: Callable[[str], None],
    say: Callable[[str], None],
) -> None:
    """Serve the site on (host, port), with the task worker beside it unless ``with_worker`` is
    False, until Ctrl+C, SIGTERM or SIGHUP. Raises ServeError when the address cannot be bound
    (nothing started) or when the worker stopped by itself."""
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.core.servers.basehttp import (
        ThreadedWSGIServer,
        WSGIRequestHandler,
        get_internal_wsgi_application,
    )

    application = StaticFilesHandler(get_internal_wsgi_application())
    try:
        server = ThreadedWSGIServer((host, port), WSGIRequestHandler, ipv6=":" in host)
    except OSError as exc:
        raise ServeError(_bind_problem(exc, host, port)) from None
    server.set_app(application)
    previous: dict[signal.Signals, Any] = {}
    for stop_signal in (signal.SIGTERM, signal.SIGHUP):
        previous[stop_signal] = signal.signal(stop_signal, _raise_stop)
    worker = start_worker() if with_worker else None
    worker_ended: list[int] = []
    stopping = threading.Event()

    def watch(child: subprocess.Popen[bytes]) -> None:
        status = child.wait()
        if not stopping.is_set():
            worker_ended.append(status)
            server.shutdown()

    try:
        if worker is not None:
            threading.Thread(target=watch, args=(worker,), daemon=True, name="worker").start()
        shown = f"[{host}]" if ":" in host else host
        beside = " with its task worker" if worker is not None else ""
        echo(f"ombuds is served at http://{shown}:{server.server_port}/{beside}  (Ctrl+C stops it)")
        with contextlib.suppress(KeyboardInterrupt, _Stop):
            server.serve_forever()
    finally:
        stopping.set()
        server.server_close()
        if worker is not None:
            stop_worker(worker, say)
        for stop_signal, handler in previous.items():
            signal.signal(stop_signal, handler)
    if worker_ended:
        raise ServeError(
            f"The task worker stopped by itself (exit status {worker_ended[0]}; its messages "
            "are above), so ombuds serve stopped too: correct what they name and start it again."
        )
