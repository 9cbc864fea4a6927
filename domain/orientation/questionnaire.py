"""The citizen's self-orientation questionnaire: questions in plain words, and how the
answers become a situation for the rules. The person's level is self-declared (the grid's
5-point scale, source « déclaratif »)."""

from __future__ import annotations

from collections.abc import Collection
from typing import Annotated

import msgspec

from domain.errors import DomainError
from domain.orientation.classement import CRENEAUX
from domain.orientation.moteur import Situation

BESOINS = {
    "demarche": "Faire une démarche en ligne (CAF, impôts, santé, retraite…)",
    "apprendre": "Apprendre à me servir d'un ordinateur, d'une tablette ou d'un téléphone",
    "materiel": "Avoir un ordinateur ou une connexion à internet",
    "securite": "Me protéger des arnaques sur internet",
    "emploi": "Chercher un emploi ou une formation",
    "famille": "Suivre la scolarité de mes enfants",
}
THEMES_DES_BESOINS = {
    "demarche": "aide_aux_demarches_administratives",
    "securite": "securite_numerique",
    "emploi": "insertion_professionnelle",
    "famille": "parentalite",
}
EQUIPEMENTS = {
    "oui": "Oui, j'ai un appareil et internet",
    "sans_connexion": "J'ai un appareil, mais pas internet",
    "sans_equipement": "Non, je n'ai pas d'appareil",
}
AISANCES = {
    "je_ne_sais_pas": ("Je ne sais pas m'en servir", 0),
    "avec_aide": ("Je m'en sers avec de l'aide", 1),
    "seul_parfois": ("Je me débrouille seul, parfois", 2),
    "seul": ("Je me débrouille seul", 3),
    "j_aide_les_autres": ("Je me débrouille et j'aide les autres", 4),
}
FACONS = {
    "avec_moi": "Qu'on le fasse avec moi, pour apprendre",
    "pour_moi": "Qu'on le fasse pour moi",
}
CONTRAINTES = {
    "langue": "Je parle peu le français",
    "illettrisme": "J'ai du mal à lire ou à écrire",
    "handicap_auditif": "J'entends mal",
    "handicap_visuel": "Je vois mal",
    "handicap_mental": "J'ai besoin qu'on m'explique calmement, à mon rythme",
    "mobilite_reduite": "J'ai du mal à me déplacer",
}
DISPONIBILITES = {
    "matin": "Le matin",
    "apres_midi": "L'après-midi",
    "soir": "Le soir",
    "samedi": "Le samedi",
}
assert set(DISPONIBILITES) == set(CRENEAUX)

Code = Annotated[str, msgspec.Meta(max_length=40)]


class Reponses(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """The answers (every question may be left blank but the ease one)."""

    besoin: Code | None = None
    equipement: Code | None = None
    aisance: Code
    urgent: bool = False
    facon: Code | None = None
    contraintes: Annotated[list[Code], msgspec.Meta(max_length=10)] = msgspec.field(
        default_factory=list
    )
    disponibilites: Annotated[list[Code], msgspec.Meta(max_length=4)] = msgspec.field(
        default_factory=list
    )


def _choix(valeur: str | None, permises: Collection[str], champ: str, question: str) -> None:
    if valeur is not None and valeur not in permises:
        raise DomainError(
            f"Réponse inconnue à la question « {question} » : « {valeur} ». Choisissez parmi : "
            + ", ".join(permises)
            + ".",
            champ,
        )


def verifier(reponses: Reponses) -> None:
    _choix(reponses.besoin, BESOINS, "besoin", "Que voulez-vous faire ?")
    _choix(reponses.equipement, EQUIPEMENTS, "equipement", "Avez-vous un appareil ?")
    _choix(reponses.aisance, AISANCES, "aisance", "Êtes-vous à l'aise ?")
    _choix(reponses.facon, FACONS, "facon", "Comment préférez-vous ?")
    for code in reponses.contraintes:
        _choix(code, CONTRAINTES, "contraintes", "Avez-vous une difficulté ?")
    for code in reponses.disponibilites:
        _choix(code, DISPONIBILITES, "disponibilites", "Quand êtes-vous disponible ?")


def situation(reponses: Reponses) -> Situation:
    """The situation the rules see, or DomainError naming the question."""
    verifier(reponses)
    drapeaux: list[str] = []
    if reponses.equipement in ("sans_equipement", "sans_connexion"):
        drapeaux.append(reponses.equipement)
    elif reponses.besoin == "materiel" and reponses.equipement is None:
        drapeaux.append("sans_equipement")
    if reponses.urgent:
        drapeaux.append("demarche_urgente")
    if reponses.facon == "pour_moi":
        drapeaux.append("souhaite_qu_on_fasse_pour_lui")
    elif reponses.facon == "avec_moi":
        drapeaux.append("souhaite_faire_seul")
    drapeaux.extend(c for c in CONTRAINTES if c in reponses.contraintes)
    theme = THEMES_DES_BESOINS.get(reponses.besoin or "")
    return Situation(
        niveau=AISANCES[reponses.aisance][1],
        drapeaux=tuple(drapeaux),
        thematiques=(theme,) if theme else (),
    )
