"""`ombuds serve` as a user meets it: how long until it answers, how long Ctrl+C takes, and
documents sent to its API with a token, one at once and a batch through its task worker.

A throw-away demo (migrate, demo) in a temporary folder; the server runs in its own process
on a free port, as `make demo` runs it. Prints medians.

    uv run python bench/serve.py [--runs 3] [--files 20]
"""

from __future__ import annotations

import argparse
import json
import os
import select
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from typing import Any

from django.conf import settings
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart


def _env(folder: str, **changes: str) -> dict[str, str]:
    drop = {"SECRET_KEY", "DEBUG", "DATABASE_URL", "DJANGO_SETTINGS_MODULE", "PORT"}
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.update(OMBUDS_VAR_DIR=folder, **changes)
    return env


def _ombuds(folder: str, *args: str, **env: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "ombuds", *args],
        env=_env(folder, **env),
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _start(folder: str) -> tuple[subprocess.Popen[str], str, float]:
    began = time.perf_counter()
    server = subprocess.Popen(
        [sys.executable, "-m", "ombuds", "serve"],
        env=_env(folder, PORT=str(_free_port())),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    assert server.stdout is not None
    while True:
        ready, _, _ = select.select([server.stdout], [], [], 120)
        line = server.stdout.readline() if ready else ""
        if not line:
            raise SystemExit("ombuds serve printed no address")
        if "served at" in line:
            break
    ready_after = time.perf_counter() - began
    stream = server.stdout
    threading.Thread(target=lambda: [None for _ in stream], daemon=True).start()
    return server, line.split()[4].rstrip("/"), ready_after


def _stop(server: subprocess.Popen[str]) -> float:
    began = time.perf_counter()
    server.send_signal(signal.SIGINT)
    server.wait(timeout=120)
    return time.perf_counter() - began


def _document(number: int) -> bytes:
    return (
        f"Update number {number} of the mine action centre, 5 May 2023.\n\n"
        f"In 2022, {number + 10} people were killed by landmines and {number + 3} were "
        f"injured; {number * 7 + 100} hectares were cleared.\n"
    ).encode()


class _Upload:
    def __init__(self, name: str, data: bytes) -> None:
        self.name, self._data = name, data

    def read(self) -> bytes:
        return self._data


def _call(address: str, path: str, key: str, files: list[_Upload] | None = None) -> Any:
    body = encode_multipart(BOUNDARY, {"document": files}) if files else None
    headers = {"Authorization": f"Bearer {key}"}
    if files:
        headers["Content-Type"] = MULTIPART_CONTENT
    request = urllib.request.Request(f"{address}{path}", data=body, headers=headers)
    with urllib.request.urlopen(request, timeout=120) as answer:
        return json.loads(answer.read())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--files", type=int, default=20)
    options = parser.parse_args()
    # Django's multipart encoder reads DEFAULT_CHARSET; this process needs nothing else of it.
    settings.configure()
    folder = tempfile.mkdtemp(prefix="ombuds-bench-serve-")
    _ombuds(folder, "migrate", DEBUG="1")
    _ombuds(folder, "demo", DEBUG="1")
    key = _ombuds(folder, "token", "create", "editor", "--name", "benchmark").strip()

    ready, stops = [], []
    for _ in range(options.runs):
        server, _address, after = _start(folder)
        ready.append(after)
        stops.append(_stop(server))
    print(f"ombuds serve: address printed after {statistics.median(ready):.2f} s (median)")
    print(f"Ctrl+C (SIGINT) to server and worker gone: {statistics.median(stops):.2f} s (median)")

    server, address, _after = _start(folder)
    try:
        single = []
        for number in range(options.runs * 3):
            began = time.perf_counter()
            _call(address, "/api/sources/", key, [_Upload(f"one-{number}.txt", _document(number))])
            single.append(time.perf_counter() - began)
        print(f"API ingest of one small file, answered: {statistics.median(single) * 1000:.0f} ms")

        files = [_Upload(f"batch-{n}.txt", _document(1000 + n)) for n in range(options.files)]
        began = time.perf_counter()
        job = _call(address, "/api/sources/", key, files)["job"]["id"]
        while _call(address, f"/api/sources/jobs/{job}", key)["status"] != "finished":
            time.sleep(0.2)
        took = time.perf_counter() - began
        print(
            f"API batch of {options.files} files through the worker: {took:.1f} s, "
            f"{options.files / took:.1f} files/s (posting to all stored, polled every 0.2 s)"
        )
    finally:
        _stop(server)


if __name__ == "__main__":
    main()
