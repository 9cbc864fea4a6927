"""The terminal side of the `mednum` command: the console, progress bars, and bringing the
read models up to date while showing it (or following the server that does it)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import asyncpg
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
)

from mednum.infra.projector import Projector, try_lead
from projections.catalogue import all_projections

console = Console(stderr=True)


def progression() -> Progress:
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=console,
    )


async def project(dsn: str, rebuild: str | None) -> None:
    projectors = {p.name: Projector(p) for p in all_projections()}
    if rebuild is not None and rebuild not in projectors:
        raise SystemExit(
            f"Projection inconnue : {rebuild}. Projections : {', '.join(sorted(projectors))}."
        )
    conn = await asyncpg.connect(dsn)
    try:
        for name, projector in projectors.items():
            if rebuild is not None and name != rebuild:
                continue
            if rebuild is not None:
                await projector.reset(conn)
            if not await try_lead(conn, name):
                await _follow(conn, projector)  # the server leads it: show its progress
                continue
            reader = await asyncpg.connect(dsn)
            try:
                with progression() as progress:
                    task = progress.add_task(name, total=await projector.pending(conn))
                    await projector.catch_up(conn, _advance(progress, task), reader=reader)
            finally:
                await reader.close()
    finally:
        await conn.close()


def _advance(progress: Progress, task: TaskID) -> Callable[[int, int], None]:
    return lambda applied, _position: progress.update(task, completed=applied)


async def _follow(conn: asyncpg.Connection, projector: Projector) -> None:
    head = int(await conn.fetchval("SELECT coalesce(max(notification_id), 0) FROM mednum_events"))
    start = await projector.position(conn)
    with progression() as progress:
        task = progress.add_task(f"{projector.name} (par le serveur)", total=max(head - start, 1))
        while (position := await projector.position(conn)) < head:
            progress.update(task, completed=position - start)
            await asyncio.sleep(0.2)
        progress.update(task, completed=max(head - start, 1))
