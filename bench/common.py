"""What every benchmark needs: a PostgreSQL server, fresh databases, and a result printer.

A benchmark proves a ratio against a baseline measured in the same run on the same machine,
never an absolute time: the machine is small and shared, absolute figures are noise.

The server is an embedded PostgreSQL started in a short temporary folder under /tmp (the Unix
socket path is limited to 107 bytes), or the one named by `MEDNUM_BENCH_DATABASE_URL` (its
user must be allowed CREATE DATABASE).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import asyncpg
import msgspec
import psutil

from mednum.infra.database import prepare_database, with_database

BENCH_DIR = Path(__file__).resolve().parent
RESULTS_DIR = BENCH_DIR / "results"
RESULTS_FILE = RESULTS_DIR / "latest.jsonl"
ENV_URL = "MEDNUM_BENCH_DATABASE_URL"


async def _admin(dsn: str, sql: str) -> None:
    conn = await asyncpg.connect(dsn)
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


@contextlib.contextmanager
def bench_server() -> Iterator[str]:
    """Yield a DSN to the `postgres` database of the server the benchmarks use."""
    url = os.environ.get(ENV_URL)
    if url:
        yield with_database(url, "postgres")
        return
    from mednum.infra.embedded_pg import start_embedded_postgres

    data_dir = Path(tempfile.mkdtemp(prefix="mnb", dir="/tmp"))
    server = None
    try:
        server = start_embedded_postgres(data_dir, "postgres")
        yield server.admin_dsn()
    finally:
        if server is not None:
            server.stop()
        shutil.rmtree(data_dir, ignore_errors=True)


def lancer(doc: str, argv: list[str] | None, run: Callable[..., Any], **tailles: int) -> None:
    """A benchmark's command line: its doc's first line as description, one integer option
    per size (`places=20_000` is `--places`, 20,000 by default), then `run(server_dsn,
    places=...)` on the bench server."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    for nom, defaut in tailles.items():
        parser.add_argument(f"--{nom.replace('_', '-')}", type=int, default=defaut)
    args = parser.parse_args(argv)
    sur_le_serveur(run, **vars(args))


def sur_le_serveur(run: Callable[..., Any], **options: Any) -> None:
    """`run(server_dsn, **options)` on the bench server (embedded unless MEDNUM_BENCH_DATABASE_URL
    names one)."""
    with bench_server() as server_dsn:
        run(server_dsn, **options)


@contextlib.contextmanager
def fresh_database(server_dsn: str, label: str) -> Iterator[str]:
    """A new database, migrated and with the communes loaded, dropped afterwards."""
    name = f"mednum_bench_{label}_{uuid.uuid4().hex[:8]}"
    asyncio.run(_admin(server_dsn, f"CREATE DATABASE {name}"))
    try:
        dsn = with_database(server_dsn, name)
        asyncio.run(prepare_database(dsn))
        yield dsn
    finally:
        asyncio.run(_admin(server_dsn, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))


async def settle(dsn: str, *tables: str) -> None:
    """ANALYZE the given tables and CHECKPOINT, so that a timing does not pay for the set-up."""
    conn = await asyncpg.connect(dsn)
    try:
        for table in tables:
            await conn.execute(f"ANALYZE {table}")
        await conn.execute("CHECKPOINT")
    finally:
        await conn.close()


# --- where the CPU goes ---------------------------------------------------------------------


class Cost(msgspec.Struct):
    """Milliseconds of CPU per operation, by process."""

    bench: float
    server: float | None
    postgres: float | None

    def text(self) -> str:
        def show(value: float | None) -> str:
            return "?" if value is None else f"{value:.3f}"

        parts = [f"bench process {show(self.bench)}"]
        if self.server is not None:
            parts.append(f"server {show(self.server)}")
        parts.append(f"PostgreSQL {show(self.postgres)}")
        return ", ".join(parts)


CpuSample = tuple[float, float | None, float | None]


class CpuMeter:
    """CPU seconds used by the bench process, an optional server process and PostgreSQL.

    On two cores shared by all of them, a side that costs more CPU per operation is slower
    for that reason alone: these figures say why a ratio is what it is, and they vary much
    less than wall-clock rates when the machine is busy. PostgreSQL is only measured when it
    runs on this machine (its backends are the children of its postmaster); backends that
    exit during a measurement are not counted.
    """

    def __init__(self, dsn: str, server_pid: int | None = None) -> None:
        self.bench = psutil.Process()
        self.server = psutil.Process(server_pid) if server_pid is not None else None
        self.postmaster = asyncio.run(_postmaster(dsn))

    def sample(self) -> CpuSample:
        server = _cpu_tree(self.server) if self.server is not None else None
        return (_cpu(self.bench), server, self._postgres())

    def cost(self, before: CpuSample, operations: float) -> Cost:
        after = self.sample()

        def per_op(a: float | None, b: float | None) -> float | None:
            return None if a is None or b is None else (b - a) * 1000 / operations

        bench = per_op(before[0], after[0])
        assert bench is not None
        return Cost(
            bench=bench,
            server=per_op(before[1], after[1]),
            postgres=per_op(before[2], after[2]),
        )

    def _postgres(self) -> float | None:
        if self.postmaster is None:
            return None
        total = 0.0
        with contextlib.suppress(psutil.Error):
            for child in self.postmaster.children():
                with contextlib.suppress(psutil.Error):
                    total += _cpu(child)
        return total


def _cpu(process: psutil.Process) -> float:
    times = process.cpu_times()
    return float(times.user + times.system)


def _cpu_tree(process: psutil.Process) -> float:
    """A server's CPU with its worker processes' (uvicorn --workers)."""
    total = _cpu(process)
    with contextlib.suppress(psutil.Error):
        for child in process.children(recursive=True):
            with contextlib.suppress(psutil.Error):
                total += _cpu(child)
    return total


async def _postmaster(dsn: str) -> psutil.Process | None:
    conn = await asyncpg.connect(dsn)
    try:
        backend = int(await conn.fetchval("SELECT pg_backend_pid()"))
        try:
            return psutil.Process(backend).parent()  # while the backend still lives
        except psutil.Error:
            return None  # a remote server
    finally:
        await conn.close()


def median_cost(costs: Sequence[Cost]) -> Cost:
    def median(values: list[float | None]) -> float | None:
        known = [v for v in values if v is not None]
        return statistics.median(known) if known else None

    bench = median([c.bench for c in costs])
    assert bench is not None
    return Cost(
        bench=bench,
        server=median([c.server for c in costs]),
        postgres=median([c.postgres for c in costs]),
    )


# --- results --------------------------------------------------------------------------------


@dataclass
class Result:
    name: str
    ours: float
    baseline: float
    unit: str
    goal: float
    higher_is_better: bool = True
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def ratio(self) -> float:
        if self.higher_is_better:
            return self.ours / self.baseline if self.baseline else float("inf")
        return self.baseline / self.ours if self.ours else float("inf")

    @property
    def ok(self) -> bool:
        return self.ratio >= self.goal

    def line(self) -> str:
        return (
            f"{self.name}: ours={fmt(self.ours)} {self.unit}, "
            f"baseline={fmt(self.baseline)} {self.unit}, ratio={self.ratio:.2f}× "
            f"(goal ≥ {self.goal:g}×) {'OK' if self.ok else 'BELOW GOAL'}"
        )


def fmt(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.2f}"


def report(result: Result) -> Result:
    """Print the result line and append it to bench/results/latest.jsonl."""
    print(result.line(), flush=True)
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    record = asdict(result) | {
        "ratio": result.ratio,
        "ok": result.ok,
        "at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "commit": _git_commit(),
        "host": platform.node(),
        "cpus": os.cpu_count(),
        "server": "external" if os.environ.get(ENV_URL) else "embedded",
    }
    with RESULTS_FILE.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
    return result


def note(text: str) -> None:
    print(f"  {text}", flush=True)


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0–100) by linear interpolation."""
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[max(0, min(98, round(q) - 1))]


@contextlib.contextmanager
def timer() -> Iterator[list[float]]:
    """`with timer() as t: ...` then `t[0]` is the elapsed wall time in seconds."""
    elapsed: list[float] = []
    start = time.perf_counter()
    try:
        yield elapsed
    finally:
        elapsed.append(time.perf_counter() - start)


def _git_commit() -> str | None:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=BENCH_DIR,
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None
