"""The report's monthly trend and drill-down by structure and place on a small hand-computed
data set, at the real threshold (11): the figures, and the suppression that every other
distribution of the report gets (a lone small place hidden, and the big one with it, since
their total is published)."""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid4

from domain.acteurs.commands import RecenserStructure
from domain.evaluation.detail import ID_LIEUX, ID_MENSUEL, ID_STRUCTURES
from domain.lieux.commands import RecenserLieu
from mednum.infra.communes import referentiel_communes
from mednum.infra.eventstore import open_event_store
from mednum.services.acteurs import Acteurs
from mednum.services.activites import Activites
from mednum.services.executeur import Hub
from mednum.services.lieux import Lieux
from tests.integration.test_activites import MAINTENANT, MED, beneficiaire, commande
from tests.integration.test_rapports import rapport_de, tableau

CHAMPOLLION = "Médiathèque Champollion"
CHENOVE = "Espace numérique de Chenôve"
STRUCTURE = "Centre social des Grésilles"


def _lieu(hub: Hub, nom: str, code_insee: str, code_postal: str) -> UUID:
    commune = hub.communes.get(code_insee)
    assert commune is not None and commune.latitude and commune.longitude
    commande_lieu = RecenserLieu(
        command_id=uuid4(),
        nom=nom,
        adresse="2 rue de la République",
        code_postal=code_postal,
        code_insee=code_insee,
        latitude=commune.latitude,
        longitude=commune.longitude,
    )
    return Lieux(hub).recenser_lieu(commande_lieu, "coord@example.fr").id


def semer(dsn: str) -> None:
    """In March 2026, at the Champollion place (Dijon): 12 anonymous sessions and 3 of one
    followed person; at the Chenôve place: 2 anonymous sessions; one structure runs both.
    One more session at home in Paris (in no place, outside Côte-d'Or)."""
    app = open_event_store(dsn)
    try:
        hub = Hub(app, referentiel_communes(), clock=lambda: MAINTENANT)
        champollion = _lieu(hub, CHAMPOLLION, "21231", "21000")
        chenove = _lieu(hub, CHENOVE, "21166", "21300")
        Acteurs(hub).recenser_structure(
            RecenserStructure(
                command_id=uuid4(),
                siret="21210231300013",
                nom=STRUCTURE,
                type_structure="Centres sociaux",
                adresse="1 place de la Mairie",
                code_postal="21000",
                code_insee="21231",
                lieux=[champollion, chenove],
            ),
            "coord@example.fr",
        )
        activites = Activites(hub)
        anonyme = {"genre": "feminin", "tranche_age": "soixante_soixante_neuf"}

        def seance(lieu: UUID, jour: int, **valeurs: Any) -> None:
            activites.enregistrer(
                commande(
                    type_lieu="lieu_activite",
                    lieu_id=str(lieu),
                    date=f"2026-03-{jour:02d}",
                    **valeurs,
                ),
                MED,
            )

        for jour in range(1, 13):
            seance(champollion, jour, profil=anonyme)
        personne = beneficiaire(hub, MED.email)
        for jour in (2, 9, 16):
            seance(champollion, jour, beneficiaire_id=str(personne))
        for jour in (3, 4):
            seance(chenove, jour, profil=anonyme)
        activites.enregistrer(commande(type_lieu="domicile", commune="75056"), MED)
    finally:
        app.close()


def _lignes(t: Any) -> dict[str, list[Any]]:
    return {
        ligne.libelle: [
            c.valeur if not c.masquee else ("s" if c.secondaire else "<") for c in ligne.cellules
        ]
        for ligne in [*t.lignes, *([t.total] if t.total else [])]
    }


def test_trend_and_drill_down_of_a_small_data_set(database_dsn: str) -> None:
    semer(database_dsn)
    rapport = rapport_de(database_dsn, "2026-03")
    # the month holds the 17 accompaniments in Côte-d'Or and its 15 people (1 + 14 anonymous)
    assert _lignes(tableau(rapport, ID_MENSUEL)) == {"mars 2026": [17.0, 0.0, 15.0, 0.0]}
    # by place: Chenôve's 2 are hidden (< 11) and Champollion's 15 with them (« s »), since
    # their total (17) is known (it is the headline); sessions are not people, published as
    # they are, with their total
    assert _lignes(tableau(rapport, ID_LIEUX)) == {
        CHAMPOLLION: ["s", "s", 15.0, 0.0, 0.0],
        CHENOVE: ["<", "<", 2.0, 0.0, 0.0],
        "Total": [None, None, 17.0, 0.0, None],
    }
    # the structure counts its two places, the followed person once
    assert _lignes(tableau(rapport, ID_STRUCTURES)) == {STRUCTURE: [17.0, 15.0, 17.0, 0.0, 0.0]}
    # and the tables keep the ids of their rows (places and structures), for the exports
    assert all(len(ligne.modalite) == 36 for ligne in tableau(rapport, ID_LIEUX).lignes)
