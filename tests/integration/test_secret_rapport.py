"""Statistical secrecy of real reports, audited by linear programming.

A small demo history (places, two years of mediation, 80 people) is measured for the région,
its départements and an EPCI over months, a quarter and a custom range. For each report, the
counts of people of each period are rebuilt as the system comptes.py protects (values and
relations), every printed cell is checked to be that system's protected cell, and every
hidden cell's interval given all published cells and all relations is computed with scipy:
none may be a single value (but for cells with nothing left to hide around them, see
secret_systeme.sans_recours, which are counted and must stay rare).
"""

from __future__ import annotations

import datetime as dt

import asyncpg

from domain.evaluation.comptes import Comptes, cle_table, comptes_du_rapport
from domain.evaluation.distributions import distributions
from domain.evaluation.periodes import lire_periode, meme_periode_annee_precedente
from domain.evaluation.rapport import Rapport, Territoire
from domain.evaluation.secret_systeme import sans_recours
from mednum.demo.lieux import load_demo
from mednum.demo.mediation import load_demo_mediation
from mednum.infra.projector import Projector
from mednum.rapports.calcul import calculer, instant, mesurer, territoire
from mednum.services.executeur import Hub
from projections.catalogue import all_projections
from tests.audit_secret import exposees, relations_du_lecteur
from tests.conftest import run_sync

SEUIL = 11


def _periodes(aujourdhui: dt.date) -> list[str]:
    mois = [aujourdhui.replace(day=1) - dt.timedelta(days=30 * n) for n in (1, 2, 4)]
    debut = aujourdhui - dt.timedelta(days=75)
    return [
        *(f"{m.year}-{m.month:02d}" for m in mois),
        f"{mois[-1].year}-T{(mois[-1].month - 1) // 3 + 1}",
        f"{debut.isoformat()}..{(debut + dt.timedelta(days=44)).isoformat()}",
    ]


def _verifier(rapport: Rapport, comptes: tuple[Comptes, Comptes]) -> None:
    """Every printed count of people is the protected cell of its period's system."""
    for tableau in rapport.tableaux:
        for colonne, c in enumerate(comptes):
            for ligne in tableau.lignes:
                cle = cle_table(tableau.id, ligne.modalite)
                if cle in c.valeurs:
                    assert ligne.cellules[colonne] == c.cellule(cle), (cle, colonne)
            if tableau.total is not None and cle_table(tableau.id, "total") in c.valeurs:
                assert tableau.total.cellules[colonne] == c.cellule(cle_table(tableau.id, "total"))
    cles = {c.indicateur: c for c in rapport.chiffres_cles}
    assert cles["M4.1"].valeur == comptes[0].cellule("accompagnements")
    assert cles["M4.1"].precedente == comptes[1].cellule("accompagnements")
    assert cles["M4.3"].valeur == comptes[0].cellule("beneficiaires")


def test_no_hidden_cell_of_a_real_report_can_be_pinned_down(hub: Hub, database_dsn: str) -> None:
    # given a small demo history of about fifteen months
    lieu_ids, _ = load_demo(hub, 20)
    load_demo_mediation(hub, lieu_ids, nb_personnes=80, nb_mediateurs=3, nb_jours=450)
    aujourdhui = dt.date.today()

    async def auditer() -> tuple[int, int, int, int]:
        conn = await asyncpg.connect(database_dsn)
        rapports = systemes = caches = perdues = 0
        try:
            for projection in all_projections():
                await Projector(projection).catch_up(conn)
            position = await instant(conn)
            assert position is not None
            region = await territoire(conn, "region", "27")
            a_auditer: list[Territoire] = [region]
            for code_periode in _periodes(aujourdhui):
                periode = lire_periode(code_periode)
                precedente = meme_periode_annee_precedente(periode)
                for t in list(a_auditer):
                    rapport = await calculer(conn, t, periode, position=position, seuil=SEUIL)
                    rapports += 1
                    sous = next(x for x in rapport.tableaux if x.id == "M4.1.territoires")
                    if len(a_auditer) < 4:
                        # then the sub-territories with activity, down to an EPCI
                        niveau = {"region": "departement", "departement": "epci"}.get(t.niveau)
                        for ligne in sous.lignes[:2] if niveau else []:
                            if ligne.cellules[0].valeur:
                                a_auditer.append(await territoire(conn, niveau, ligne.modalite))
                    tables = distributions({ligne.modalite: ligne.libelle for ligne in sous.lignes})
                    modalites = {
                        x.id: [ligne.modalite for ligne in x.lignes] for x in rapport.tableaux
                    }
                    comptes = (
                        comptes_du_rapport(
                            await mesurer(conn, t, periode), tables, modalites, SEUIL
                        ),
                        comptes_du_rapport(
                            await mesurer(conn, t, precedente), tables, modalites, SEUIL
                        ),
                    )
                    _verifier(rapport, comptes)
                    for c in comptes:
                        systemes += 1
                        statuts = c.statuts
                        assert all(
                            (0 < v < SEUIL) == (statuts[k] == "primaire")
                            for k, v in c.valeurs.items()
                        )
                        lecteur = relations_du_lecteur(c)
                        fuites = exposees(c.valeurs, lecteur, statuts, SEUIL)
                        sans = sans_recours(c.valeurs, lecteur, statuts)
                        perdues += len(set(fuites) & sans)
                        assert set(fuites) <= sans, (t, code_periode, fuites)
                        caches += sum(1 for s in statuts.values() if s == "secondaire")
        finally:
            await conn.close()
        return rapports, systemes, caches, perdues

    rapports, systemes, secondaires, perdues = run_sync(auditer())
    # then the audit covered reports at three levels with secondary suppression at work
    assert rapports >= 10 and systemes == 2 * rapports
    assert secondaires > 0
    assert perdues <= systemes
