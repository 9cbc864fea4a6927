"""`mednum` commands on data: imports (places, fragility index) and retention (erasure is in
mednum/cli/effacement.py)."""

from __future__ import annotations

import asyncio
from datetime import date
from pathlib import Path

import asyncpg

from mednum.cli.console import console, progression, project
from mednum.echanges.fichiers_tabulaires import decoder, lire_lignes
from mednum.echanges.ifn import BilanIfn, importer_ifn
from mednum.echanges.import_lieux import Format, Rapport, Statut, Verdict, importer_lieux
from mednum.infra.communes import referentiel_communes
from mednum.infra.eventstore import open_event_store
from mednum.infra.registre_effacements import RegistreEffacements
from mednum.jobs.retention import appliquer_retention
from mednum.services.beneficiaires import Beneficiaires
from mednum.services.executeur import Hub


def run_import(
    dsn: str, path: Path, source: str | None, essai: bool, territoire: str | None = None
) -> int:
    contenu = path.read_bytes()
    lignes = lire_lignes(contenu, path.name)
    console.print(f"Encodage du fichier : {decoder(contenu)[1]}", markup=False)
    app = open_event_store(dsn)
    try:
        hub = Hub(app, referentiel_communes())
        with progression() as progress:
            task = progress.add_task(f"Import de {path.name}", total=len(lignes))
            rapport = importer_lieux(
                hub,
                lignes,
                source or path.stem,
                essai=essai,
                avancement=lambda fait: progress.update(task, completed=fait),
                territoire=territoire,
            )
    finally:
        app.close()
    _afficher_rapport(rapport, path.name)
    return 1 if rapport.compte(Statut.REJETE) else 0


def _afficher_rapport(rapport: Rapport, nom: str) -> None:
    """Counts, then only the rows to look at: fixed ones with their fixes, rejected ones with
    the reason. Lines are not wrapped, so that they stay whole in logs and for grep."""
    titre = ("Essai (rien n'est enregistré) : " if rapport.essai else "") + nom
    if rapport.format is Format.V01:
        titre += " (ancien standard v0.1.x, converti en v1.0.2)"
    console.print(titre, style="bold", markup=False, soft_wrap=True)
    for ligne in rapport.a_signaler():
        entete = f"ligne {ligne.numero} ({ligne.id_source or 'sans id'}) : {ligne.verdict.value}"
        if ligne.statut is Statut.REJETE:
            raison = f"{ligne.champ} : {ligne.raison}" if ligne.champ else ligne.raison
            console.print(f"{entete} : {raison}", markup=False, soft_wrap=True)
            continue
        console.print(f"{entete}, {ligne.statut.value}", markup=False, soft_wrap=True)
        for correction in ligne.corrections:
            console.print(f"  - {correction}", markup=False, soft_wrap=True, highlight=False)
        for avertissement in ligne.avertissements:
            console.print(
                f"  ! à vérifier : {avertissement}", markup=False, soft_wrap=True, highlight=False
            )
    console.print(
        " · ".join(f"{rapport.compte(s)} {s.value}" for s in Statut)
        + f" (sur {len(rapport.lignes)} lignes) ; "
        + " · ".join(f"{rapport.compte(v)} {v.value}" for v in Verdict),
        soft_wrap=True,
    )


def run_import_ifn(dsn: str, fichier: Path) -> None:
    async def run() -> BilanIfn:
        conn = await asyncpg.connect(dsn)
        try:
            return await importer_ifn(conn, fichier)
        finally:
            await conn.close()

    bilan = asyncio.run(run())
    console.print(
        f"IFN importé : {bilan.importees} communes"
        + (f" ({bilan.ignorees} lignes sans indice ignorées)." if bilan.ignorees else ".")
    )


def run_retention(dsn: str, jours: int, registre: RegistreEffacements, essai: bool) -> None:
    """With `essai`, says who would be anonymised (one log line per person) and erases
    nothing."""

    async def run() -> int:
        conn = await asyncpg.connect(dsn)
        app = await asyncio.to_thread(open_event_store, dsn)
        try:
            beneficiaires = Beneficiaires(Hub(app, referentiel_communes()), registre)
            return await appliquer_retention(conn, beneficiaires, jours, date.today(), essai=essai)
        finally:
            await conn.close()
            await asyncio.to_thread(app.close)

    # The read models propose the candidates: they are brought up to date first (the event
    # log has the last word), and again after so that no copy of an erased identity is left.
    asyncio.run(project(dsn, None))
    anonymises = asyncio.run(run())
    if essai:
        console.print(
            f"Essai : {anonymises} identités seraient anonymisées ({jours} jours après la "
            "dernière activité). Rien n'a été effacé."
        )
        return
    asyncio.run(project(dsn, None))
    console.print(f"{anonymises} identités anonymisées ({jours} jours après la dernière activité).")
