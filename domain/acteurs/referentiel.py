"""Reference values of the actors' registry.

Structure types are Aidants Connect's organisation types (`RequestOriginConstants`, exact
labels); aidant and qualification types are stored as ids without accents and shown with
their French labels.
"""

from __future__ import annotations

from domain.lieux.standard import FORMATIONS_LABELS

TYPES_STRUCTURE: tuple[str, ...] = (
    "Associations",
    "Communautés de Commune",
    "Clinique privée",
    "Conseils Départementaux (CD)",
    "CHRS",
    "CHU",
    "CIAS",
    "EHPAD",
    "ESAT",
    "GIP",
    "Guichet d'accueil d'opérateur de service public",
    "Intercommunalité (EPCI)",
    "Maison de l'emploi",
    "Maison de quartier",
    "Maison des jeunes et de la culture",
    "Mutualité Sociale Agricole",
    "Mission Locale",
    "Municipalités",
    "PIMMS",
    "Préfecture, Sous-Préfecture",
    "Régie de quartier",
    "Tiers-lieu",
    "UDAF",
    "Réseau France Services",
    "CCAS",
    "Centres sociaux",
    "Bibliothèque / Médiathèque",
    "Maisons départementales des solidarités",
    "Autre",
)

TYPES_AIDANT: dict[str, str] = {
    "conseiller_numerique": "Conseiller numérique",
    "mediateur_numerique_salarie": "Médiateur numérique salarié",
    "agent_france_services": "Agent France Services",
    "travailleur_social": "Travailleur social",
    "agent_accueil": "Agent d'accueil",
    "benevole": "Bénévole",
    "service_civique": "Service civique",
}

FORMATION_AIDANTS_CONNECT = "formation_aidants_connect"
TEST_PIX_AIDANTS_CONNECT = "test_pix_aidants_connect"
LABEL = "label"
TYPES_QUALIFICATION: dict[str, str] = {
    FORMATION_AIDANTS_CONNECT: "Formation Aidants Connect",
    TEST_PIX_AIDANTS_CONNECT: "Test PIX Aidants Connect",
    "certification_pix": "Certification PIX",
    "ccp_titre_professionnel": "CCP / titre professionnel REMN",
    LABEL: "Label ou formation du standard",
}
# Both, not expired, make an aidant habilitated to Aidants Connect (training done + PIX
# test passed, as Aidants Connect's own `validate_and_create_aidant()` requires).
CONDITIONS_HABILITATION: tuple[str, ...] = (FORMATION_AIDANTS_CONNECT, TEST_PIX_AIDANTS_CONNECT)
LIBELLES_LABEL: tuple[str, ...] = FORMATIONS_LABELS
SCORE_PIX_MAX = 1024
# Pass mark of the PIX Aidants Connect test. The reference files give none: Aidants Connect
# marks a test « passed » when Pix sends its result (aidants_connect_habilitation/tasks.py,
# `test_pix_passed = True`, no score compared). We take the Pix v3 threshold of level
# « Indépendant 3 », 256 pix (shared/reference/referential_eval.md, §a.1 « How Pix scores »,
# mesh-configuration.js): an aidant who helps others must be autonomous themselves. Below it
# the test is recorded and grants nothing.
SCORE_PIX_REUSSITE = 256
