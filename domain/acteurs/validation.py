"""Value rules shared by the structures' and the aidants' decide functions. Each returns the
value as stored (normalised) or raises a DomainError naming the field and what to do."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date
from uuid import UUID

from domain import textes
from domain.errors import DomainError, valeur_inconnue
from domain.lieux import referentiel
from domain.lieux.referentiel import CommuneRef
from domain.lieux.standard import COURRIEL_DU_STANDARD, texte_normalise, valider_pivot
from domain.verification import verificateurs


# Texts as the registry of places stores them: typographic apostrophes straightened too.
def texte_obligatoire(texte: str, champ: str, quoi: str) -> str:
    return textes.texte_obligatoire(texte, champ, quoi, texte_normalise)


def texte_facultatif(texte: str | None) -> str | None:
    return textes.texte_facultatif(texte, texte_normalise)


def siret_valide(siret: str) -> str:
    """14 digits with a valid check key, and a SIREN (its first 9) with a valid one too (the
    place registry's rule); an RNA number, which the standard's pivot accepts, is not a SIRET."""
    chiffres = re.sub(r"[\s.]", "", siret)
    message = (
        f"« {siret} » n'est pas un SIRET valide : il faut 14 chiffres dont le dernier est une "
        "clé de contrôle (vérifiez-le sur annuaire-entreprises.data.gouv.fr)."
    )
    if not re.fullmatch(r"\d{14}", chiffres):
        raise DomainError(message, "siret")
    if not verificateurs().siren_valide(chiffres[:9]):
        raise DomainError(
            f"« {siret} » n'est pas un SIRET valide : son SIREN (les 9 premiers chiffres, "
            f"{chiffres[:9]}) a une clé de contrôle fausse (vérifiez-le sur "
            "annuaire-entreprises.data.gouv.fr).",
            "siret",
        )
    try:
        valider_pivot(chiffres)
    except DomainError:
        raise DomainError(message, "siret") from None
    return chiffres


def parmi(texte: str, permises: Iterable[str], champ: str, libelle: str) -> str:
    """The allowed value `texte` names, whatever its case or apostrophes."""
    permises = tuple(permises)
    par_forme = {texte_normalise(v).casefold(): v for v in permises}
    connue = par_forme.get(texte_normalise(texte).casefold())
    if connue is None:
        raise valeur_inconnue(f"{libelle} inconnu", texte, permises, champ, " ; ")
    return connue


def courriel_valide(texte: str | None, champ: str) -> str | None:
    courriel = (texte or "").strip()
    if not courriel:
        return None
    if not COURRIEL_DU_STANDARD.match(courriel):
        raise DomainError(
            f"Adresse e-mail invalide : « {texte} » (ex. camille.martin@exemple.fr).", champ
        )
    return courriel


def commune_valide(code_insee: str, code_postal: str, commune: CommuneRef | None) -> CommuneRef:
    """The places' rule, the codes' surrounding spaces aside."""
    return referentiel.commune_valide(code_insee.strip(), code_postal.strip(), commune)


def lieux_valides(
    demandes: Iterable[UUID], ouverts: Mapping[UUID, bool], deja: Iterable[UUID] = ()
) -> tuple[UUID, ...]:
    """Places named by a command, each once. `ouverts` says, for every place of the registry
    among them, whether it is open: an unknown place is refused, and a closed one unless it
    was already there."""
    deja = set(deja)
    retenus: list[UUID] = []
    for lieu_id in demandes:
        if lieu_id not in ouverts:
            raise DomainError(
                f"Le lieu {lieu_id} n'existe pas dans le registre : choisissez un lieu recensé "
                "(liste des lieux : /lieux).",
                "lieux",
            )
        if not ouverts[lieu_id] and lieu_id not in deja:
            raise DomainError(
                f"Le lieu {lieu_id} est fermé : on ne peut plus y rattacher personne.", "lieux"
            )
        if lieu_id not in retenus:
            retenus.append(lieu_id)
    return tuple(retenus)


def date_passee(jour: date, aujourdhui: date, champ: str, quoi: str) -> date:
    if jour > aujourdhui:
        raise DomainError(
            f"La date {quoi} ({jour:%d/%m/%Y}) est dans le futur : indiquez une date passée "
            "ou celle d'aujourd'hui.",
            champ,
        )
    return jour
