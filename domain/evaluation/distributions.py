"""The breakdown tables of a report (one row per modality, the period and the same period a
year earlier), declared once: composition.py draws them, comptes.py protects their counts
of people together with every other count of the report."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import NamedTuple

from domain.acteurs.referentiel import TYPES_AIDANT
from domain.activites.referentiel import AUTONOMIES, STRUCTURES_REDIRECTION, TYPES_ACTIVITE
from domain.activites.regles import THEMATIQUES
from domain.beneficiaires.referentiel import GENRES, STATUTS_SOCIAUX, TRANCHES_AGE
from domain.evaluation.mesures import Mesures
from domain.financements.referentiel import SOURCES as SOURCES_FONDS

STATUTS_ORIENTATION = {
    "proposee": "Proposée",
    "acceptee": "Acceptée",
    "prise_en_charge": "Prise en charge",
    "aboutie": "Aboutie",
    "refusee": "Refusée",
    "expiree": "Expirée",
}
NIVEAUX_NAN = {str(n): f"Niveau {n}" for n in range(5)}


class Distribution(NamedTuple):
    id: str
    indicateur: str
    titre: str
    libelles: Mapping[str, str]
    valeur: Callable[[Mesures, str], int]
    avec_total: bool = True
    personnes: bool = True
    """Only counts of people go through statistical secrecy; professionals and euros do not."""
    unite: str = "nombre"


def _profil(mesures: Mesures, dimension: str, modalite: str) -> int:
    return mesures.somme(dimension, modalite) + mesures.profils_suivis.get(dimension, {}).get(
        modalite, 0
    )


def distributions(sous_territoires: Mapping[str, str]) -> list[Distribution]:
    return [
        Distribution(
            "M4.1.types",
            "M4.1",
            "Accompagnements par type d'activité",
            TYPES_ACTIVITE,
            lambda m, x: m.somme("type", x),
        ),
        Distribution(
            "M4.1.territoires",
            "M4.1",
            "Accompagnements par territoire",
            sous_territoires,
            lambda m, x: m.par_sous_territoire.get(x, 0),
        ),
        Distribution(
            "M4.6.thematiques",
            "M4.6",
            "Accompagnements par thématique (une activité peut en avoir plusieurs)",
            THEMATIQUES,
            lambda m, x: m.somme("thematique", x),
            avec_total=False,
        ),
        Distribution(
            "M4.7.tranches_age",
            "M4.7",
            "Personnes accompagnées par tranche d'âge",
            TRANCHES_AGE,
            lambda m, x: _profil(m, "tranche_age", x),
        ),
        Distribution(
            "M4.7.genres",
            "M4.7",
            "Personnes accompagnées par genre",
            GENRES,
            lambda m, x: _profil(m, "genre", x),
        ),
        Distribution(
            "M4.7.statuts",
            "M4.7",
            "Personnes accompagnées par statut social",
            STATUTS_SOCIAUX,
            lambda m, x: _profil(m, "statut_social", x),
        ),
        Distribution(
            "M4.8.niveaux",
            "M4.8",
            "Niveau d'autonomie numérique au premier diagnostic",
            NIVEAUX_NAN,
            lambda m, x: m.niveaux_entree.get(x, 0),
        ),
        Distribution(
            "M4.2.autonomie",
            "M4.2",
            "Accompagnements individuels par niveau d'autonomie constaté",
            AUTONOMIES,
            lambda m, x: m.somme("autonomie", x),
        ),
        Distribution(
            "M4.10.statuts",
            "M4.10",
            "Orientations vers un lieu du territoire, par issue",
            STATUTS_ORIENTATION,
            lambda m, x: m.orientations.get(x, 0),
        ),
        Distribution(
            "M4.10.redirections",
            "M4.10",
            "Accompagnements terminés par une redirection, par type de structure",
            STRUCTURES_REDIRECTION,
            lambda m, x: m.somme("redirection", x),
        ),
        Distribution(
            "M1.3.aidants",
            "M1.3",
            "Aidants numériques identifiés, par type",
            TYPES_AIDANT,
            lambda m, x: m.aidants.get(x, 0),
            personnes=False,
        ),
        Distribution(
            "M2.1.sources",
            "M2.1",
            "Fonds accordés par source (en euros)",
            SOURCES_FONDS,
            lambda m, x: m.fonds_par_source.get(x, 0) // 100,
            personnes=False,
            unite="euros",
        ),
    ]


def modalites_vues(d: Distribution, actuel: Mesures, precedent: Mesures) -> list[str]:
    """The rows of a table: the known modalities seen in either period, in their order."""
    return [m for m in d.libelles if d.valeur(actuel, m) or d.valeur(precedent, m)]
