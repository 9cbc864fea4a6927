"""The load of the write benchmarks: the real app served by uvicorn in a subprocess, and
16 concurrent clients posting to it (a minimal keep-alive HTTP/1.1 client, or httpx)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import msgspec

from bench.common import BENCH_DIR

CONCURRENCY = 16
APP_FACTORY = "bench.serve:create_bench_app"  # module:callable given to `uvicorn --factory`


# --- the server -----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass(frozen=True)
class Server:
    url: str
    host: str
    port: int
    pid: int


@contextlib.contextmanager
def running_server(dsn: str, *, projectors: bool = True, workers: int = 1) -> Iterator[Server]:
    """uvicorn in a subprocess serving the real app; always stopped afterwards. With
    `workers` > 1, uvicorn's own worker processes share the port, each a whole app (the
    projectors and jobs each run in the one process elected for them, as in production)."""
    port = free_port()
    log = tempfile.NamedTemporaryFile(  # noqa: SIM115 - kept open for the subprocess
        prefix="mednum-bench-uvicorn-", suffix=".log", delete=False
    )
    env = os.environ | {
        "MEDNUM_BENCH_DSN": dsn,
        "MEDNUM_BENCH_SECRET": secrets.token_urlsafe(32),
        "MEDNUM_BENCH_PROJECTORS": "1" if projectors else "0",
    }
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        APP_FACTORY,
        "--factory",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--log-level",
        "warning",
        "--no-access-log",
    ]
    if workers > 1:
        command += ["--workers", str(workers)]
    process = subprocess.Popen(
        command, cwd=BENCH_DIR.parent, env=env, stdout=log, stderr=subprocess.STDOUT
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(process, base_url, Path(log.name))
        yield Server(url=base_url, host="127.0.0.1", port=port, pid=process.pid)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
        log.close()
        Path(log.name).unlink(missing_ok=True)


def _wait_ready(process: subprocess.Popen[bytes], base_url: str, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"uvicorn exited ({process.returncode}):\n{log.read_text()}")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(f"{base_url}/health", timeout=2).status_code == 200:
                return
        time.sleep(0.1)
    raise RuntimeError(f"uvicorn did not answer /health in 60 s:\n{log.read_text()}")


# --- the two sides --------------------------------------------------------------------------


class Run(msgspec.Struct):
    count: int
    seconds: float
    latencies_ms: list[float]

    @property
    def rate(self) -> float:
        return self.count / self.seconds


async def post_all(
    server: Server, token: str, bodies: list[bytes], client: str, path: str = "/api/v1/lieux"
) -> Run:
    """POST every body with CONCURRENCY clients; every answer must be 201."""
    poster = _post_httpx if client == "httpx" else _post_raw
    latencies: list[float] = []
    errors: list[str] = []
    seconds = await poster(server, token, path, iter(bodies), latencies, errors)
    if errors:
        raise AssertionError(f"{len(errors)} POSTs failed, first: {errors[0]}")
    return Run(count=len(bodies), seconds=seconds, latencies_ms=latencies)


async def _post_httpx(
    server: Server,
    token: str,
    path: str,
    todo: Iterator[bytes],
    latencies: list[float],
    errors: list[str],
) -> float:
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    limits = httpx.Limits(max_connections=CONCURRENCY, max_keepalive_connections=CONCURRENCY)
    async with httpx.AsyncClient(
        base_url=server.url, headers=headers, limits=limits, timeout=30
    ) as client:
        # Open the connections before timing.
        await asyncio.gather(*(client.get("/health") for _ in range(CONCURRENCY)))

        async def worker() -> None:
            for body in todo:
                start = time.perf_counter()
                response = await client.post(path, content=body)
                latencies.append((time.perf_counter() - start) * 1000)
                if response.status_code != 201:
                    errors.append(f"{response.status_code} {response.text[:300]}")

        start = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(CONCURRENCY)))
        return time.perf_counter() - start


async def _post_raw(
    server: Server,
    token: str,
    path: str,
    todo: Iterator[bytes],
    latencies: list[float],
    errors: list[str],
) -> float:
    """A minimal HTTP/1.1 keep-alive client: costs the bench process ~10× less CPU than httpx,
    which matters when client, server and PostgreSQL share two cores."""
    prefix = (
        f"POST {path} HTTP/1.1\r\nHost: {server.host}:{server.port}\r\n"
        f"Authorization: Bearer {token}\r\nContent-Type: application/json\r\n"
        "Content-Length: "
    ).encode()
    connections = [
        await asyncio.open_connection(server.host, server.port) for _ in range(CONCURRENCY)
    ]

    async def worker(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        for body in todo:
            start = time.perf_counter()
            writer.write(prefix + str(len(body)).encode() + b"\r\n\r\n" + body)
            head = await reader.readuntil(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n")[1:]:
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value)
            answer = await reader.readexactly(length)
            latencies.append((time.perf_counter() - start) * 1000)
            status = head.split(b"\r\n", 1)[0]
            if not status.startswith(b"HTTP/1.1 201"):
                errors.append(f"{status!r} {answer[:300]!r}")

    try:
        start = time.perf_counter()
        await asyncio.gather(*(worker(r, w) for r, w in connections))
        return time.perf_counter() - start
    finally:
        for _, writer in connections:
            writer.close()
