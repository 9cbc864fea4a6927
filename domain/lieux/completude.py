"""How complete a place's record is: which of the standard's fields that tell a citizen how to
get help are filled. Coordinators sort by it to know which records to enrich first."""

from __future__ import annotations

from collections.abc import Mapping

import msgspec

# The fields a citizen or a referring professional needs, with their labels. Publics and
# specific support are left out: empty means "everyone", not "unknown".
CHAMPS_COMPLETUDE: dict[str, str] = {
    "telephone": "Téléphone",
    "horaires": "Horaires",
    "services": "Services",
    "frais_a_charge": "Frais à charge",
    "modalites_acces": "Modalités d'accès",
    "modalites_accompagnement": "Modalités d'accompagnement",
    "presentation_resume": "Présentation",
    "courriels": "Courriel",
    "site_web": "Site web",
    "prise_rdv": "Prise de rendez-vous en ligne",
    "fiche_acces_libre": "Fiche Accès libre (accessibilité)",
    "pivot": "SIRET ou RNA",
}


class Completude(msgspec.Struct, frozen=True, kw_only=True):
    remplis: int
    total: int
    manquants: tuple[str, ...]  # labels, in the order above

    @property
    def pourcentage(self) -> int:
        return round(100 * self.remplis / self.total)


def est_rempli(valeur: object) -> bool:
    if valeur is None:
        return False
    if isinstance(valeur, str):
        return valeur.strip() != ""
    if isinstance(valeur, (list, tuple, set, frozenset)):
        return len(valeur) > 0
    return True


def completude(valeurs: Mapping[str, object]) -> Completude:
    manquants = tuple(
        libelle
        for champ, libelle in CHAMPS_COMPLETUDE.items()
        if not est_rempli(valeurs.get(champ))
    )
    return Completude(
        remplis=len(CHAMPS_COMPLETUDE) - len(manquants),
        total=len(CHAMPS_COMPLETUDE),
        manquants=manquants,
    )
