"""The `mednum` command: serve, migrate, project, demo, user, token."""

from __future__ import annotations

import argparse
import asyncio
import importlib
import signal
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NotRequired, TypedDict

import asyncpg
from rich.panel import Panel

from domain.errors import DomainError
from mednum import accounts
from mednum.cli.console import console, progression, project
from mednum.cli.donnees import run_import, run_import_ifn, run_retention
from mednum.cli.effacement import run_erase, run_erase_aidant
from mednum.cli.sauvegarde import run_backup, run_restore
from mednum.demo.lieux import charger_demo
from mednum.demo.mediation import MEDIATRICE_DEMO
from mednum.infra.communes import referentiel_communes
from mednum.infra.database import Database, open_database, prepare_database
from mednum.infra.eventstore import open_event_store
from mednum.infra.journal import configurer_journal
from mednum.infra.migrations import MigrationError
from mednum.infra.registre_effacements import RegistreEffacements
from mednum.infra.sauvegarde import SauvegardeError
from mednum.infra.supervision import Superviseur
from mednum.services.executeur import Hub
from mednum.settings import Settings

DEFAULT_ADMIN_EMAIL = "admin@mednum.local"


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
    """The demo registry and two years of mediation, and a demo mediator's account."""
    app = open_event_store(dsn)
    try:
        hub = Hub(app, referentiel_communes())
        with progression() as progress:

            def etape(libelle: str, total: int | None) -> Callable[[int], None]:
                task = progress.add_task(libelle, total=total)
                return lambda done: progress.update(task, completed=done)

            demo = charger_demo(hub, count, etape)
    finally:
        app.close()
    if not demo.fiches_creees and not demo.evenements_mediation:
        console.print("Les données de démo existaient déjà.")
        return 0
    console.print(
        f"{demo.fiches_creees} fiches de lieux, {demo.aidants} aidants avec leurs structures "
        f"et formations, {demo.evenements_mediation} événements de médiation."
    )
    password = asyncio.run(_compte_demo(dsn))
    if password:
        console.print(
            Panel(
                f"Compte de médiatrice de démonstration : {MEDIATRICE_DEMO}\n"
                f"Mot de passe : {password}",
                title="Démo",
            )
        )
    return demo.fiches_creees


async def _compte_demo(dsn: str) -> str | None:
    """The demo mediator's login, made once (her password is shown then only)."""
    conn = await asyncpg.connect(dsn)
    try:
        if await accounts.get_user_by_email(conn, MEDIATRICE_DEMO) is not None:
            return None
        password = accounts.generate_password()
        await accounts.create_user(conn, MEDIATRICE_DEMO, "mediateur", password)
        return password
    finally:
        await conn.close()


async def _event_count(dsn: str) -> int:
    conn = await asyncpg.connect(dsn)
    try:
        return int(await conn.fetchval("SELECT count(*) FROM mednum_events"))
    finally:
        await conn.close()


async def add_user(dsn: str, email: str, role: str, perimetre: str | None = None) -> str:
    password = accounts.generate_password()
    conn = await asyncpg.connect(dsn)
    try:
        territoire = accounts.lire_perimetre(perimetre) if perimetre else None
        await accounts.create_user(conn, email, role, password, territoire)
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


# The site `mednum serve` runs, named as uvicorn names apps rather than imported: the core
# (mednum/) does not depend on the web layer that is built on it.
APPLICATION = "web.app:create_app"


def serve(settings: Settings, database: Database, load_demo_if_empty: bool) -> None:
    import uvicorn

    module, _, nom = APPLICATION.partition(":")
    create_app = getattr(importlib.import_module(module), nom)
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
    # The embedded PostgreSQL is ours to keep running: restarted if its postmaster dies.
    superviseur = Superviseur(database.embedded).demarrer() if database.embedded else None
    try:
        uvicorn.run(app, host=settings.host, port=settings.port, **options_uvicorn(settings))
    finally:
        if superviseur is not None:
            superviseur.arreter()


class OptionsUvicorn(TypedDict):
    log_level: str
    log_config: NotRequired[None]
    proxy_headers: bool
    forwarded_allow_ips: list[str] | None


def options_uvicorn(settings: Settings) -> OptionsUvicorn:
    """Forwarded headers from `MEDNUM_TRUSTED_PROXIES` only (uvicorn would trust 127.0.0.1 by
    default), so that its access log shows the client's address too."""
    mandataires = list(settings.trusted_proxies)
    options: OptionsUvicorn = {
        "log_level": "info",
        "proxy_headers": bool(mandataires),
        "forwarded_allow_ips": mandataires or None,
    }
    if settings.log_format == "json":
        # uvicorn's loggers then go through ours rather than its own text format.
        options["log_config"] = None
    return options


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
    lieux_p = import_p.add_parser(
        "lieux", help="lieux au standard national v1.0.2 ou v0.1.x (CSV, JSON)"
    )
    lieux_p.add_argument("fichier", type=Path)
    lieux_p.add_argument("--source", help="nom de la source (par défaut : le nom du fichier)")
    lieux_p.add_argument("--essai", action="store_true", help="tout vérifier, ne rien enregistrer")
    ifn_p = import_p.add_parser(
        "ifn", help="Indice de Fragilité Numérique par commune (CSV), pour la carte"
    )
    ifn_p.add_argument("fichier", type=Path)
    user_p = sub.add_parser("user", help="comptes").add_subparsers(dest="action", required=True)
    add_p = user_p.add_parser("add", help="créer un compte (affiche son mot de passe)")
    add_p.add_argument("email")
    add_p.add_argument("--role", required=True, choices=[r.value for r in accounts.Role])
    add_p.add_argument(
        "--perimetre", help="territoire d'un financeur : region:27, departement:21, epci:SIREN…"
    )
    token_p = sub.add_parser("token", help="jetons d'API").add_subparsers(
        dest="action", required=True
    )
    create_p = token_p.add_parser("create", help="créer un jeton d'API (affiché une fois)")
    create_p.add_argument("email")
    create_p.add_argument("--label", default="")
    erase_p = sub.add_parser("erase", help="effacer l'identité d'une personne (RGPD)")
    erase_p.add_argument("beneficiaire_id")
    erase_aidant_p = sub.add_parser(
        "erase-aidant", help="effacer l'identité d'un aidant (RGPD) ; ses statistiques restent"
    )
    erase_aidant_p.add_argument("aidant_id")
    retention_p = sub.add_parser(
        "retention", help="anonymiser les personnes sans activité depuis la durée de conservation"
    )
    retention_p.add_argument("--jours", type=int, default=None)
    retention_p.add_argument(
        "--essai", action="store_true", help="dire qui serait anonymisé, ne rien effacer"
    )
    backup_p = sub.add_parser(
        "backup", help="sauvegarder la base (pg_dump) et sa somme SHA-256 à côté"
    )
    backup_p.add_argument("fichier", type=Path)
    restore_p = sub.add_parser(
        "restore", help="restaurer une sauvegarde, puis refaire les effacements postérieurs"
    )
    restore_p.add_argument("fichier", type=Path, nargs="?")
    restore_p.add_argument(
        "--effacements",
        action="store_true",
        help="sans fichier : seulement refaire les effacements du registre (après une PITR)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    settings = Settings.from_env()
    configurer_journal(settings.log_format)
    registre = RegistreEffacements.du_dossier(settings.data_dir)
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
        elif args.command == "import" and args.kind == "ifn":
            run_import_ifn(database.dsn, args.fichier)
        elif args.command == "import":
            return run_import(
                database.dsn, args.fichier, args.source, args.essai, settings.rapports_territoire
            )
        elif args.command == "user":
            password = asyncio.run(add_user(database.dsn, args.email, args.role, args.perimetre))
            print(f"Compte {args.email} ({args.role}) créé. Mot de passe : {password}")
        elif args.command == "token":
            print(asyncio.run(create_token(database.dsn, args.email, args.label)))
        elif args.command == "erase":
            run_erase(database.dsn, args.beneficiaire_id, registre)
        elif args.command == "erase-aidant":
            run_erase_aidant(database.dsn, args.aidant_id, registre)
        elif args.command == "retention":
            jours = args.jours or settings.retention_jours
            run_retention(database.dsn, jours, registre, args.essai)
        elif args.command == "backup":
            run_backup(database.dsn, args.fichier)
        elif args.command == "restore":
            if (args.fichier is None) != args.effacements:
                raise DomainError("Donnez un fichier de sauvegarde, ou --effacements seul.")
            run_restore(database.dsn, args.fichier, registre)
    except SauvegardeError as refus:
        console.print(f"[red]Erreur :[/] {refus}")
        return 2
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
