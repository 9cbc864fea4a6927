"""What an activity may say of the people it concerns: an anonymous person's optional
profile, and a workshop's anonymous participants as counts."""

from __future__ import annotations

from collections.abc import Mapping

import msgspec

from domain.activites.events import ParticipantsAnonymes
from domain.beneficiaires.events import Profil
from domain.beneficiaires.referentiel import GENRES, STATUTS_SOCIAUX, TRANCHES_AGE, tranche_age
from domain.errors import DomainError, valeur_inconnue


def profil_valide(profil: Profil, communes: Mapping[str, str], annee_en_cours: int) -> Profil:
    """An anonymous person's optional profile, with the age band derived from the birth year
    as La Coop does."""
    for champ, valeur, referentiel in (
        ("genre", profil.genre, GENRES),
        ("tranche_age", profil.tranche_age, TRANCHES_AGE),
        ("statut_social", profil.statut_social, STATUTS_SOCIAUX),
    ):
        if valeur not in referentiel:
            raise valeur_inconnue(
                f"Valeur inconnue pour {champ}", valeur, referentiel, f"profil.{champ}"
            )
    tranche = profil.tranche_age
    if profil.annee_naissance is not None:
        if not 1900 <= profil.annee_naissance <= annee_en_cours:
            raise DomainError(
                f"Année de naissance impossible : {profil.annee_naissance} (entre 1900 et "
                f"{annee_en_cours}).",
                "profil.annee_naissance",
            )
        tranche = tranche_age(profil.annee_naissance, annee_en_cours)
    commune = (profil.commune_residence or "").strip() or None
    if commune and commune not in communes:
        raise DomainError(
            f"Code INSEE de la commune de résidence inconnu : « {commune} » (ex. 21231 pour "
            "Dijon).",
            "profil.commune_residence",
        )
    return msgspec.structs.replace(profil, tranche_age=tranche, commune_residence=commune)


def participants_valides(participants: ParticipantsAnonymes) -> ParticipantsAnonymes:
    total = participants.total
    if total < 0:
        raise DomainError(
            "Le nombre de participants anonymes ne peut pas être négatif.", "participants.total"
        )
    if not 0 <= participants.deja_accompagne <= total:
        raise DomainError(
            f"{participants.deja_accompagne} participants déjà accompagnés sur {total} "
            "participants anonymes : ce nombre doit être entre 0 et le total.",
            "participants.deja_accompagne",
        )
    categories = {}
    for champ, comptes, referentiel, quoi in (
        ("genres", participants.genres, GENRES, "genre"),
        ("tranches_age", participants.tranches_age, TRANCHES_AGE, "tranche d'âge"),
        ("statuts_sociaux", participants.statuts_sociaux, STATUTS_SOCIAUX, "statut"),
    ):
        for valeur, nombre in comptes.items():
            if valeur not in referentiel:
                raise valeur_inconnue(
                    f"Valeur inconnue pour {quoi}", valeur, referentiel, f"participants.{champ}"
                )
            if nombre < 0:
                raise DomainError(
                    f"Un nombre de participants par {quoi} est négatif.", f"participants.{champ}"
                )
        somme = sum(comptes.values())
        if somme > total:
            raise DomainError(
                f"Les participants par {quoi} font {somme}, plus que le total de {total} : "
                "corrigez les nombres (ceux qui ne sont pas comptés sont « non communiqué »).",
                f"participants.{champ}",
            )
        # Zero counts are dropped and keys put in the referential's order.
        categories[champ] = {v: comptes[v] for v in referentiel if comptes.get(v)}
    return ParticipantsAnonymes(
        total=total, deja_accompagne=participants.deja_accompagne, **categories
    )
