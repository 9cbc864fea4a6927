"""Write path: `POST /api/v1/lieux` on the real server versus a bare eventsourcing `save()`.

Same database, same concurrency (16 clients), same number of operations:

- ours: uvicorn serving `create_app()` (projectors running, as in production) on 127.0.0.1;
  16 httpx clients POST a valid `RecenserLieu` each (fresh `command_id`) with an API token:
  authentication, validation, idempotency receipt, domain rules, `save()`, JSON answer;
- baseline: 16 threads each calling `MedNumApplication.save(event)` with one new
  `LieuRecense`: the library's cheapest possible write of the same event.

Rounds alternate baseline / ours; each side's median throughput is compared (goal ≥ 0.8×).
Our p50/p95 latency is printed too (bar p95 ≤ 25 ms, informational).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import os
import random
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import asyncpg
import httpx
import msgspec

from bench.common import (
    BENCH_DIR,
    Cost,
    CpuMeter,
    Result,
    bench_server,
    fresh_database,
    median_cost,
    note,
    percentile,
    report,
)
from domain.registry.events import LieuRecense
from domain.registry.referentiel import SERVICES
from mednum.accounts import create_token, create_user
from mednum.eventstore import open_event_store

NAME = "write_post_lieux"
GOAL = 0.8
P95_BAR_MS = 25.0
CONCURRENCY = 16
EMAIL = "bench.coordination@mednum.example"
APP_FACTORY = "bench.serve:create_bench_app"  # module:callable given to `uvicorn --factory`
_HORAIRES = (
    "Mo-Fr 09:00-12:00,14:00-18:00",
    "Tu-Sa 10:00-12:30,14:00-18:00",
    "Mo,We,Fr 14:00-18:00",
    None,
)
_NOMS = (
    "Médiathèque Champollion",
    "France Services Dijon Grésilles",
    "Espace public numérique Fontaine d'Ouche",
    "Centre social du Centre",
    "Emmaüs Connect Dijon",
)


def _services(rng: random.Random) -> list[str]:
    chosen = set(rng.choices(SERVICES, k=rng.randint(1, 4)))
    return sorted(chosen, key=SERVICES.index)


def request_bodies(count: int, seed: int) -> list[bytes]:
    """Valid `RecenserLieu` JSON bodies in Dijon (21231 / 21000), each with a new command_id."""
    rng = random.Random(seed)
    return [
        msgspec.json.encode(
            {
                "command_id": str(uuid.uuid4()),
                "nom": f"{rng.choice(_NOMS)} {i}",
                "adresse": f"{rng.randint(1, 80)} rue de la Liberté",
                "code_postal": "21000",
                "code_insee": "21231",
                "latitude": round(47.32 + rng.uniform(-0.02, 0.02), 6),
                "longitude": round(5.04 + rng.uniform(-0.03, 0.03), 6),
                "services": _services(rng),
                "horaires": rng.choice(_HORAIRES),
            }
        )
        for i in range(count)
    ]


def bare_events(count: int, seed: int) -> list[LieuRecense]:
    """The same kind of event the command makes, built directly for the baseline."""
    rng = random.Random(seed)
    now = datetime.now(UTC)
    return [
        LieuRecense(
            originator_id=uuid.uuid4(),
            originator_version=1,
            timestamp=now,
            auteur=EMAIL,
            nom=f"{rng.choice(_NOMS)} {i}",
            adresse=f"{rng.randint(1, 80)} rue de la Liberté",
            complement_adresse=None,
            code_postal="21000",
            code_insee="21231",
            commune="Dijon",
            departement="21",
            latitude=round(47.32 + rng.uniform(-0.02, 0.02), 6),
            longitude=round(5.04 + rng.uniform(-0.03, 0.03), 6),
            services=tuple(_services(rng)),
            horaires=rng.choice(_HORAIRES),
        )
        for i in range(count)
    ]


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
def running_server(dsn: str, *, projectors: bool = True) -> Iterator[Server]:
    """uvicorn in a subprocess serving the real app; always stopped afterwards."""
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


async def post_all(server: Server, token: str, bodies: list[bytes], client: str) -> Run:
    """POST every body with CONCURRENCY clients; every answer must be 201."""
    poster = _post_httpx if client == "httpx" else _post_raw
    latencies: list[float] = []
    errors: list[str] = []
    seconds = await poster(server, token, iter(bodies), latencies, errors)
    if errors:
        raise AssertionError(f"{len(errors)} POSTs failed, first: {errors[0]}")
    return Run(count=len(bodies), seconds=seconds, latencies_ms=latencies)


async def _post_httpx(
    server: Server, token: str, todo: Iterator[bytes], latencies: list[float], errors: list[str]
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
                response = await client.post("/api/v1/lieux", content=body)
                latencies.append((time.perf_counter() - start) * 1000)
                if response.status_code != 201:
                    errors.append(f"{response.status_code} {response.text[:300]}")

        start = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(CONCURRENCY)))
        return time.perf_counter() - start


async def _post_raw(
    server: Server, token: str, todo: Iterator[bytes], latencies: list[float], errors: list[str]
) -> float:
    """A minimal HTTP/1.1 keep-alive client: costs the bench process ~10× less CPU than httpx,
    which matters when client, server and PostgreSQL share two cores."""
    prefix = (
        f"POST /api/v1/lieux HTTP/1.1\r\nHost: {server.host}:{server.port}\r\n"
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


def save_all(app: object, events: list[LieuRecense]) -> Run:
    latencies: list[float] = []
    lock = threading.Lock()
    todo = iter(events)

    def worker() -> None:
        mine: list[float] = []
        while True:
            with lock:
                event = next(todo, None)
            if event is None:
                break
            start = time.perf_counter()
            app.save(event)  # type: ignore[attr-defined]
            mine.append((time.perf_counter() - start) * 1000)
        with lock:
            latencies.extend(mine)

    with ThreadPoolExecutor(CONCURRENCY) as pool:
        start = time.perf_counter()
        futures = [pool.submit(worker) for _ in range(CONCURRENCY)]
        for future in futures:
            future.result()
        seconds = time.perf_counter() - start
    return Run(count=len(events), seconds=seconds, latencies_ms=latencies)


async def _make_token(dsn: str) -> str:
    conn = await asyncpg.connect(dsn)
    try:
        user = await create_user(conn, EMAIL, "coordinateur", secrets.token_urlsafe(16))
        return await create_token(conn, user, "bench")
    finally:
        await conn.close()


async def _count(dsn: str, sql: str) -> int:
    conn = await asyncpg.connect(dsn)
    try:
        return int(await conn.fetchval(sql))
    finally:
        await conn.close()


# --- the benchmark --------------------------------------------------------------------------


def run(
    server_dsn: str,
    *,
    operations: int = 2000,
    rounds: int = 3,
    warmup: int = 100,
    projectors: bool = True,
    # The load generator shares the 2 cores with the server: the lightest client measures the
    # server, not httpx (about 1 ms of CPU per request).
    client: str = "raw",
) -> Result:
    print(
        f"[{NAME}] {operations:,} operations × {rounds} rounds per side, "
        f"{CONCURRENCY} concurrent clients ({client}), projectors "
        f"{'on' if projectors else 'off'}",
        flush=True,
    )
    ours: list[Run] = []
    baseline: list[Run] = []
    ours_cost: list[Cost] = []
    baseline_cost: list[Cost] = []
    seeds = itertools.count(1)
    with fresh_database(server_dsn, "write") as dsn:
        token = asyncio.run(_make_token(dsn))
        app = open_event_store(dsn)
        try:
            with running_server(dsn, projectors=projectors) as server:
                meter = CpuMeter(dsn, server.pid)
                save_all(app, bare_events(warmup, next(seeds)))
                asyncio.run(post_all(server, token, request_bodies(warmup, next(seeds)), client))
                for number in range(1, rounds + 1):
                    events = bare_events(operations, next(seeds))
                    before = meter.sample()
                    baseline.append(save_all(app, events))
                    baseline_cost.append(meter.cost(before, operations))

                    bodies = request_bodies(operations, next(seeds))
                    before = meter.sample()
                    ours.append(asyncio.run(post_all(server, token, bodies, client)))
                    ours_cost.append(meter.cost(before, operations))
                    note(
                        f"round {number}: baseline {baseline[-1].rate:,.0f} saves/s, "
                        f"ours {ours[-1].rate:,.0f} POST/s"
                    )
            posted = warmup + operations * rounds
            saved = asyncio.run(_count(dsn, "SELECT count(*) FROM mednum_events"))
            receipts = asyncio.run(_count(dsn, "SELECT count(*) FROM command_receipts"))
        finally:
            app.close()
    assert receipts == posted, f"{receipts} receipts for {posted} POSTs"
    assert saved == 2 * posted, f"{saved} events, expected {2 * posted}"
    note(f"check: {saved:,} events stored, {receipts:,} receipts (one per POST)")

    latencies = [ms for r in ours for ms in r.latencies_ms]
    base_latencies = [ms for r in baseline for ms in r.latencies_ms]
    p50, p95 = percentile(latencies, 50), percentile(latencies, 95)
    cost, base_cost = median_cost(ours_cost), median_cost(baseline_cost)
    result = report(
        Result(
            name=NAME,
            ours=statistics.median(r.rate for r in ours),
            baseline=statistics.median(r.rate for r in baseline),
            unit="ops/s",
            goal=GOAL,
            extra={
                "operations": operations,
                "rounds": rounds,
                "concurrency": CONCURRENCY,
                "client": client,
                "projectors": projectors,
                "ours_rates": [r.rate for r in ours],
                "baseline_rates": [r.rate for r in baseline],
                "ours_p50_ms": p50,
                "ours_p95_ms": p95,
                "baseline_p50_ms": percentile(base_latencies, 50),
                "baseline_p95_ms": percentile(base_latencies, 95),
                "p95_bar_ms": P95_BAR_MS,
                "ours_cpu_ms_per_op": msgspec.to_builtins(cost),
                "baseline_cpu_ms_per_op": msgspec.to_builtins(base_cost),
            },
        )
    )
    note(
        f"ours latency: p50={p50:.1f} ms p95={p95:.1f} ms (bar p95 ≤ {P95_BAR_MS:g} ms: "
        f"{'OK' if p95 <= P95_BAR_MS else 'ABOVE BAR'}); baseline save() p50="
        f"{percentile(base_latencies, 50):.1f} ms p95={percentile(base_latencies, 95):.1f} ms"
    )
    note(f"CPU ms per POST: {cost.text()}")
    note(f"CPU ms per save: {base_cost.text()} (server idle but for its projectors)")
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--operations", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--client",
        choices=("httpx", "raw"),
        default="raw",
        help="a minimal keep-alive HTTP/1.1 client (default) or httpx.AsyncClient",
    )
    parser.add_argument(
        "--no-projectors", action="store_true", help="serve without background projectors"
    )
    args = parser.parse_args(argv)
    with bench_server() as server_dsn:
        run(
            server_dsn,
            operations=args.operations,
            rounds=args.rounds,
            projectors=not args.no_projectors,
            client=args.client,
        )


if __name__ == "__main__":
    main()
