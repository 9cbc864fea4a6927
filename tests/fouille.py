"""Where personal data could hide, as text to search: every column of every table (binary
columns decoded, so that the event log's JSON states are read as JSON), and a backup's content.
What an attacker with a copy of the database or of a backup would read."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import asyncpg

from mednum.infra.sauvegarde import binaires_pg
from tests.conftest import run_sync

_HEX = re.compile(r"\\\\?x([0-9a-fA-F]{2,})")


def texte_de_chaque_table(dsn: str) -> str:
    """Each row of each table outside PostgreSQL's catalogs, each column as text; `bytea`
    columns (the event log's states, say) decoded as UTF-8 rather than shown in hex."""

    async def run() -> str:
        conn = await asyncpg.connect(dsn)
        try:
            colonnes = await conn.fetch(
                "SELECT c.table_schema, c.table_name, "
                "array_agg(c.column_name::text ORDER BY c.ordinal_position) AS noms, "
                "array_agg(c.data_type::text ORDER BY c.ordinal_position) AS types "
                "FROM information_schema.columns c JOIN information_schema.tables t "
                "USING (table_schema, table_name) WHERE t.table_type = 'BASE TABLE' "
                "AND c.table_schema NOT IN ('pg_catalog', 'information_schema') "
                "GROUP BY 1, 2"
            )
            morceaux = []
            for table in colonnes:
                # bytea comes back as bytes (decoded below, whatever they hold), the rest as
                # PostgreSQL's own text form.
                cellules = [
                    f'"{nom}"' if type_ == "bytea" else f'"{nom}"::text'
                    for nom, type_ in zip(table["noms"], table["types"], strict=True)
                ]
                rows = await conn.fetch(
                    f"SELECT {', '.join(cellules)} "
                    f'FROM "{table["table_schema"]}"."{table["table_name"]}"'
                )
                for row in rows:
                    valeurs = [
                        v.decode("utf-8", "replace") if isinstance(v, bytes) else str(v)
                        for v in row
                    ]
                    morceaux.append(f"{table['table_name']}: " + " | ".join(valeurs))
            return "\n".join(morceaux)
        finally:
            await conn.close()

    return run_sync(run())


def texte_d_une_sauvegarde(fichier: Path) -> str:
    """A `mednum backup` dump (pg_dump's compressed custom format) as the SQL script
    pg_restore makes of it, with every hex `bytea` literal decoded beside it."""
    script = subprocess.run(
        [str(binaires_pg() / "pg_restore"), "--file=-", str(fichier)],
        capture_output=True,
        check=True,
        timeout=120,
    ).stdout.decode()
    decodes = [
        bytes.fromhex(m.group(1)[: len(m.group(1)) // 2 * 2]).decode("utf-8", "replace")
        for m in _HEX.finditer(script)
    ]
    return script + "\n" + "\n".join(decodes)
