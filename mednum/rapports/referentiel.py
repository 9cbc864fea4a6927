"""Versions of the reference data a report reads (communes, territoires, IFN): the version a
report is frozen with, and a private copy of that version for its replay.

A version is the SHA-256 of the tables' content as loaded (SQL `referentiel_empreinte`,
migration 0062); every version is kept, so a report frozen before a reload still replays
with the communes, populations, EPCI and IFN scores it was computed from."""

from __future__ import annotations

import asyncpg

from domain.errors import DomainError

TABLES = ("communes", "territoires", "ifn_communes")


class ReferentielIndisponible(DomainError):
    """The version a report was frozen with is not kept: it cannot be replayed."""


async def version_courante(conn: asyncpg.Connection) -> str:
    """The version of the reference data as `conn` sees it (inside the caller's transaction,
    so with the same snapshot as the figures); archived first if it is new."""
    version: str | None = await conn.fetchval(
        "SELECT checksum FROM reference_data WHERE name = 'referentiel'"
    )
    if version is None:  # written since the last archive (a reload, a direct SQL change)
        version = await conn.fetchval("SELECT archiver_referentiel()")
    assert version is not None
    return version


async def copier_version(conn: asyncpg.Connection, schema: str, version: str) -> None:
    """Create `schema`.communes, territoires and ifn_communes holding exactly `version`;
    refuse clearly when that version is not kept, or when the copy does not hash to it."""
    if not await conn.fetchval(
        "SELECT EXISTS (SELECT 1 FROM referentiel_versions WHERE version = $1)", version
    ):
        actuelle = await version_courante(conn)
        raise ReferentielIndisponible(
            "Données de référence modifiées depuis le gel : version "
            f"{version[:12]}…, actuelle {actuelle[:12]}…, et la version du gel n'est plus "
            "conservée. Le rapport ne peut pas être recalculé à l'identique.",
            "referentiel",
        )
    for table in TABLES:
        lignes = await conn.fetch(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = "
            "'public' AND table_name = $1 ORDER BY ordinal_position",
            table,
        )
        colonnes = ", ".join(f'"{r["column_name"]}"' for r in lignes)
        await conn.execute(f"CREATE TABLE {schema}.{table} (LIKE public.{table} INCLUDING ALL)")
        await conn.execute(
            f"INSERT INTO {schema}.{table} ({colonnes}) SELECT {colonnes} "
            f"FROM public.{table}_versions WHERE version = $1",
            version,
        )
    # the copy is read through the search path, as the replay reads it: it must hash to the
    # version (a version table written by hand, or a column added since, would not)
    await conn.execute(f"SET search_path TO {schema}, public")
    copie = await conn.fetchval("SELECT referentiel_empreinte()")
    if copie != version:
        raise ReferentielIndisponible(
            f"La copie conservée des données de référence (version {version[:12]}…) ne "
            f"redonne pas son empreinte ({copie[:12]}…) : signalez-le à l'équipe technique.",
            "referentiel",
        )
