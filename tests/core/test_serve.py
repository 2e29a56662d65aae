"""`ombuds serve` as a user runs it, in its own process: the pages and the task worker start
together, documents sent to it get processed with nothing else started, and stopping it
(Ctrl+C, SIGTERM, even kill -9) leaves no process behind; a busy port is one clear line."""

from __future__ import annotations

import json
import os
import select
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

from tests.sources.documents import REPORT, REPORT_TWO
from tests.sources.scans import page, scanned_pdf

DOCUMENTS = {
    "statement.txt": REPORT,
    "mines.txt": REPORT_TWO,
    "update.txt": "Update of 5 May 2023.\n\nIn 2022, 12 people were killed by landmines.\n",
}


def _env(var_dir: Path, **changes: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DEBUG", "DATABASE_URL", "DJANGO_SETTINGS_MODULE", "PORT"}
    }
    env.update(OMBUDS_VAR_DIR=str(var_dir), **changes)
    return env


def _ombuds(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ombuds", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A var folder after `make demo`'s migrate and demo steps (no server yet)."""
    var_dir = tmp_path_factory.mktemp("serve-var")
    for step in ("migrate", "demo"):
        done = _ombuds(step, env=_env(var_dir, DEBUG="1"))
        assert done.returncode == 0, done.stderr
    return var_dir


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        found |= {int(p) for p in (task / "children").read_text().split()}
    return found


def _gone(pid: int) -> bool:
    """Ended: no such process, or a zombie waiting for whoever reaps orphans."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return True
    return stat.rsplit(")", 1)[1].split()[0] == "Z"


def _wait_until(check: Any, seconds: float, what: str) -> Any:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.25)
    raise AssertionError(f"{what} within {seconds} s")


@pytest.fixture
def printed() -> list[str]:
    """The lines the server and its worker printed, read as they come."""
    return []


@pytest.fixture
def served(demo: Path, printed: list[str]) -> Iterator[tuple[subprocess.Popen[str], str]]:
    """`ombuds serve` on a free port chosen by PORT, with the demo's settings found beside it
    (neither DEBUG nor SECRET_KEY set); (the process, its address) once it says where."""
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "ombuds", "serve"],
        env=_env(demo, PORT=str(port)),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    assert server.stdout is not None
    lines = printed
    deadline = time.monotonic() + 60
    while not any("served at" in line for line in lines):
        ready, _, _ = select.select([server.stdout], [], [], max(0.0, deadline - time.monotonic()))
        assert ready, f"no address printed within 60 s: {lines}"
        line = server.stdout.readline()
        assert line, f"ombuds serve ended: {lines}"
        lines.append(line)
    address = next(line for line in lines if "served at" in line).split()[4]
    # Keep reading what the server and its worker print, so that the pipe never fills.
    drain = threading.Thread(target=lambda: lines.extend(server.stdout or ()), daemon=True)
    drain.start()
    yield server, address.rstrip("/")
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()
    drain.join(timeout=30)
    server.stdout.close()


def _api(address: str, path: str, key: str, body: bytes = b"", kind: str = "") -> Any:
    request = urllib.request.Request(
        f"{address}{path}",
        data=body or None,
        headers={"Authorization": f"Bearer {key}", **({"Content-Type": kind} if kind else {})},
    )
    with urllib.request.urlopen(request, timeout=30) as answer:
        return answer.status, json.loads(answer.read())


def test_documents_sent_to_ombuds_serve_are_processed_and_ctrl_c_stops_everything(
    demo: Path, served: tuple[subprocess.Popen[str], str]
) -> None:
    server, address = served
    created = _ombuds("token", "create", "editor", "--name", "serve test", env=_env(demo))
    assert created.returncode == 0, created.stderr
    key = created.stdout.strip()
    workers = _children(server.pid)
    assert len(workers) == 1
    assert "worker" in Path(f"/proc/{workers.pop()}/cmdline").read_text()
    workers = _children(server.pid)

    # the address was printed once the socket listened: it answers at once
    with urllib.request.urlopen(f"{address}/static/ninja/swagger-ui.css", timeout=30) as css:
        assert css.status == 200
    # Several files, a scan among them: the task worker ingests them, then reads the scan.
    scan = scanned_pdf(
        page([["At least 45 civilians were killed and 120 injured in 2024."]], size=(1900, 600))
    )
    files = [_Upload(name, text.encode()) for name, text in DOCUMENTS.items()]
    files.append(_Upload("scan.pdf", scan))
    status, body = _api(
        address,
        "/api/sources/",
        key,
        encode_multipart(BOUNDARY, {"document": files, "publisher": "Serve test"}),
        MULTIPART_CONTENT,
    )
    assert status == 202
    job = body["job"]["id"]

    finished = _wait_until(
        lambda: (
            (progress := _api(address, f"/api/sources/jobs/{job}", key)[1])["status"] == "finished"
            and progress
        ),
        120,
        "the worker beside the server did not finish the ingest job",
    )
    assert finished["done"] == len(files)
    assert [f["status"] for f in finished["files"]] == ["stored"] * len(files)
    _status, listed = _api(address, "/api/sources/?publisher=Serve+test", key)
    assert len(listed["items"]) == len(files)
    scanned = finished["files"][-1]["source"]
    read = _wait_until(
        lambda: (source := _api(address, f"/api/sources/{scanned}", key)[1])["text"] and source,
        120,
        "the worker beside the server did not read the scan",
    )
    assert read["text_origin"] == "ocr"
    assert "45 civilians were killed" in read["text"]
    assert ("killed", 45) in {(c["measure"], c["value"]) for c in read["claims"]}

    server.send_signal(signal.SIGINT)  # Ctrl+C reaches the foreground process
    assert server.wait(timeout=60) == 0
    for pid in workers:
        _wait_until(lambda pid=pid: _gone(pid), 10, f"worker {pid} outlived ombuds serve")
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(f"{address}/login/", timeout=5)


def test_sigterm_stops_the_server_and_its_worker(served: tuple[subprocess.Popen[str], str]):
    server, _address = served
    workers = _children(server.pid)
    assert workers

    server.send_signal(signal.SIGTERM)

    assert server.wait(timeout=60) == 0
    for pid in workers:
        _wait_until(lambda pid=pid: _gone(pid), 10, f"worker {pid} outlived ombuds serve")


def test_a_worker_whose_server_was_killed_stops_by_itself(
    served: tuple[subprocess.Popen[str], str],
) -> None:
    server, _address = served
    workers = _children(server.pid)
    assert workers

    server.kill()  # kill -9: no chance to stop the worker
    server.wait()

    for pid in workers:
        _wait_until(lambda pid=pid: _gone(pid), 30, f"worker {pid} outlived a killed server")


def test_a_busy_port_is_one_line_saying_what_to_do_and_starts_nothing(demo: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]

        done = _ombuds("serve", "--addr", f"127.0.0.1:{port}", env=_env(demo))

    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        f"Error: 127.0.0.1:{port} is in use by another program (perhaps another ombuds "
        f"serve): stop it, or choose another port, e.g. PORT={port + 1} make demo, or ombuds "
        f"serve --addr 127.0.0.1:{port + 1}."
    ]
    assert "served at" not in done.stdout
    assert "Starting worker" not in done.stdout + done.stderr


def test_a_malformed_address_says_how_to_write_it(demo: Path) -> None:
    done = _ombuds("serve", "--addr", "localhost:http", env=_env(demo))

    assert done.returncode == 1
    assert "is not a port" in done.stderr


class _Upload:
    """A file for encode_multipart: a name and bytes to read."""

    def __init__(self, name: str, data: bytes) -> None:
        self.name = name
        self._data = data

    def read(self) -> bytes:
        return self._data


def test_a_worker_that_dies_stops_the_server_with_a_message(
    served: tuple[subprocess.Popen[str], str], printed: list[str]
) -> None:
    server, address = served
    (worker,) = _children(server.pid)

    os.kill(worker, signal.SIGKILL)

    assert server.wait(timeout=60) == 1
    _wait_until(
        lambda: any("The task worker stopped by itself" in line for line in printed),
        10,
        "no message about the worker",
    )
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(f"{address}/login/", timeout=5)
