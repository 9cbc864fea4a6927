"""The `mednum` command: serve, migrate, project, demo, user, token."""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import asyncpg
from rich.console import Console
from rich.panel import Panel
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from domain.errors import DomainError
from mednum import accounts
from mednum.communes import referentiel_communes
from mednum.database import Database, open_database, prepare_database
from mednum.demo import load_demo
from mednum.eventstore import open_event_store
from mednum.import_lieux import Statut, importer_lieux, lire_lignes
from mednum.migrations import MigrationError
from mednum.projector import Projector, try_lead
from mednum.service import Hub
from mednum.settings import Settings
from projections.catalogue import all_projections

console = Console(stderr=True)
DEFAULT_ADMIN_EMAIL = "admin@mednum.local"


def _progress() -> Progress:
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=console,
    )


async def ensure_first_admin(dsn: str, settings: Settings) -> None:
    """On the very first start, create the admin account and show its password once."""
    conn = await asyncpg.connect(dsn)
    try:
        async with conn.transaction():
            await conn.execute("LOCK TABLE users IN EXCLUSIVE MODE")
            if await accounts.count_users(conn):
                return
            email = settings.admin_email or DEFAULT_ADMIN_EMAIL
            password = settings.admin_password or accounts.generate_password()
            await accounts.create_user(conn, email, accounts.Role.ADMIN, password)
    finally:
        await conn.close()
    if settings.admin_password:
        console.print(
            f"Compte administrateur créé : {email} (mot de passe de MEDNUM_ADMIN_PASSWORD)"
        )
    else:
        console.print(
            Panel(
                f"E-mail : [bold]{email}[/]\nMot de passe : [bold]{password}[/]\n\n"
                "Notez-le maintenant : il ne sera plus affiché.",
                title="Compte administrateur créé",
            )
        )


def run_demo(dsn: str, count: int) -> int:
    app = open_event_store(dsn)
    try:
        hub = Hub(app, referentiel_communes())
        with _progress() as progress:
            task = progress.add_task("Lieux de démonstration", total=count)
            created = load_demo(hub, count, lambda done: progress.update(task, completed=done))
    finally:
        app.close()
    console.print(f"{created} lieux créés ({count - created} existaient déjà).")
    return created


async def _event_count(dsn: str) -> int:
    conn = await asyncpg.connect(dsn)
    try:
        return int(await conn.fetchval("SELECT count(*) FROM mednum_events"))
    finally:
        await conn.close()


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
                with _progress() as progress:
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
    with _progress() as progress:
        task = progress.add_task(f"{projector.name} (par le serveur)", total=max(head - start, 1))
        while (position := await projector.position(conn)) < head:
            progress.update(task, completed=position - start)
            await asyncio.sleep(0.2)
        progress.update(task, completed=max(head - start, 1))


def run_import(dsn: str, path: Path, source: str | None, essai: bool) -> int:
    lignes = lire_lignes(path.read_bytes(), path.name)
    app = open_event_store(dsn)
    try:
        hub = Hub(app, referentiel_communes())
        with _progress() as progress:
            task = progress.add_task(f"Import de {path.name}", total=len(lignes))
            rapport = importer_lieux(
                hub,
                lignes,
                source or path.stem,
                essai=essai,
                avancement=lambda fait: progress.update(task, completed=fait),
            )
    finally:
        app.close()
    table = Table(title=("Essai (rien n'est enregistré) : " if essai else "") + path.name)
    for colonne in ("ligne", "id", "résultat", "détail"):
        table.add_column(colonne)
    for ligne in rapport.lignes:
        if ligne.statut is Statut.INCHANGE and not ligne.corrections:
            continue
        detail = ligne.raison or " ; ".join(ligne.corrections)
        table.add_row(str(ligne.numero), ligne.id_source, ligne.statut.value, detail)
    console.print(table)
    console.print(
        " · ".join(f"{rapport.compte(s)} {s.value}" for s in Statut)
        + f" (sur {len(rapport.lignes)} lignes)"
    )
    return 1 if rapport.compte(Statut.REJETE) else 0


async def add_user(dsn: str, email: str, role: str) -> str:
    password = accounts.generate_password()
    conn = await asyncpg.connect(dsn)
    try:
        await accounts.create_user(conn, email, role, password)
    finally:
        await conn.close()
    return password


async def create_token(dsn: str, email: str, label: str) -> str:
    conn = await asyncpg.connect(dsn)
    try:
        user = await accounts.get_user_by_email(conn, email)
        if user is None:
            raise DomainError(f"Aucun compte pour {email} : créez-le avec `mednum user add`.")
        return await accounts.create_token(conn, user, label)
    finally:
        await conn.close()


def serve(settings: Settings, database: Database, load_demo_if_empty: bool) -> None:
    import uvicorn

    from web.app import create_app

    asyncio.run(ensure_first_admin(database.dsn, settings))
    if load_demo_if_empty and asyncio.run(_event_count(database.dsn)) == 0:
        run_demo(database.dsn, 300)
    app = create_app(settings, database.dsn, prepare=False)
    console.print(
        f"MedNum est servi sur http://{settings.host}:{settings.port} (Ctrl+C pour arrêter)"
    )
    # uvicorn shuts down gracefully on SIGTERM, then re-raises it: make that an exception so
    # the caller's clean-up (stopping the embedded PostgreSQL) still runs.
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="info", proxy_headers=False)


def _exit_on_sigterm(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="mednum", description="MedNum, logiciel du hub.")
    sub = parser.add_subparsers(dest="command", required=True)
    serve_p = sub.add_parser("serve", help="servir le site (MEDNUM_HOST, MEDNUM_PORT)")
    serve_p.add_argument(
        "--demo-if-empty", action="store_true", help="données de démo au 1er lancement"
    )
    sub.add_parser("migrate", help="appliquer les migrations")
    project_p = sub.add_parser("project", help="mettre à jour les projections")
    project_p.add_argument("--rebuild", metavar="NOM", help="reconstruire cette projection de zéro")
    demo_p = sub.add_parser("demo", help="charger les données de démonstration")
    demo_p.add_argument("--lieux", type=int, default=300)
    import_p = sub.add_parser("import", help="importer des données").add_subparsers(
        dest="kind", required=True
    )
    lieux_p = import_p.add_parser("lieux", help="lieux au standard national v1.0.2 (CSV, JSON)")
    lieux_p.add_argument("fichier", type=Path)
    lieux_p.add_argument("--source", help="nom de la source (par défaut : le nom du fichier)")
    lieux_p.add_argument("--essai", action="store_true", help="tout vérifier, ne rien enregistrer")
    user_p = sub.add_parser("user", help="comptes").add_subparsers(dest="action", required=True)
    add_p = user_p.add_parser("add", help="créer un compte (affiche son mot de passe)")
    add_p.add_argument("email")
    add_p.add_argument("--role", required=True, choices=[r.value for r in accounts.Role])
    token_p = sub.add_parser("token", help="jetons d'API").add_subparsers(
        dest="action", required=True
    )
    create_p = token_p.add_parser("create", help="créer un jeton d'API (affiché une fois)")
    create_p.add_argument("email")
    create_p.add_argument("--label", default="")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    settings = Settings.from_env()
    database = open_database(settings)
    try:
        asyncio.run(prepare_database(database.dsn))
        if args.command == "serve":
            serve(settings, database, args.demo_if_empty)
        elif args.command == "migrate":
            console.print("Base de données à jour.")
        elif args.command == "project":
            asyncio.run(project(database.dsn, args.rebuild))
        elif args.command == "demo":
            run_demo(database.dsn, args.lieux)
        elif args.command == "import":
            return run_import(database.dsn, args.fichier, args.source, args.essai)
        elif args.command == "user":
            password = asyncio.run(add_user(database.dsn, args.email, args.role))
            print(f"Compte {args.email} ({args.role}) créé. Mot de passe : {password}")
        elif args.command == "token":
            print(asyncio.run(create_token(database.dsn, args.email, args.label)))
    except DomainError as refus:
        console.print(f"[red]Erreur :[/] {refus.message}")
        return 2
    except OSError as problem:
        console.print(f"[red]Fichier illisible :[/] {problem.strerror} ({problem.filename})")
        return 2
    except MigrationError as problem:
        console.print(f"[red]Migration refusée :[/] {problem}")
        return 3
    finally:
        database.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
