"""The report's monthly trend and drill-down by structure and place on a small hand-computed
data set, at the real threshold (11): the figures, and the suppression that every other
distribution of the report gets (a lone small place hidden, and the big one with it, since
their total is published)."""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid4

from domain.acteurs.commands import RecenserStructure
from domain.evaluation.detail import ID_LIEUX, ID_MENSUEL, ID_STRUCTURES
from mednum.services.acteurs import Acteurs
from mednum.services.activites import Activites
from tests.integration.test_activites import MAINTENANT, MED, beneficiaire, commande
from tests.integration.test_rapports import rapport_de, tableau
from tests.lieux_outils import hub_ouvert, recenser_dans

CHAMPOLLION = "Médiathèque Champollion"
CHENOVE = "Espace numérique de Chenôve"
STRUCTURE = "Centre social des Grésilles"


def semer(dsn: str) -> None:
    """In March 2026, at the Champollion place (Dijon): 12 anonymous sessions and 3 of one
    followed person; at the Chenôve place: 2 anonymous sessions; one structure runs both.
    One more session at home in Paris (in no place, outside Côte-d'Or)."""
    with hub_ouvert(dsn, clock=lambda: MAINTENANT) as hub:
        champollion = recenser_dans(hub, CHAMPOLLION, "21231", "21000", "coord@example.fr")
        chenove = recenser_dans(hub, CHENOVE, "21166", "21300", "coord@example.fr")
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
