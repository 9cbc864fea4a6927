"""La Coop de la médiation numérique's beneficiary vocabulary (coop_aidants.md §1.3): stored
values → labels, so that our data and exports speak the national tool's language."""

from __future__ import annotations

GENRES = {
    "masculin": "Masculin",
    "feminin": "Féminin",
    "non_communique": "Non communiqué",
}
# In La Coop's display order, from the oldest band down.
TRANCHES_AGE = {
    "soixante_dix_plus": "70 ans et plus",
    "soixante_soixante_neuf": "60 - 69 ans",
    "quarante_cinquante_neuf": "40 - 59 ans",
    "vingt_cinq_trente_neuf": "25 - 39 ans",
    "dix_huit_vingt_quatre": "18 - 24 ans",
    "douze_dix_huit": "12 - 17 ans",
    "moins_de_douze": "Moins de 12 ans",
    "non_communique": "Non communiqué",
}
STATUTS_SOCIAUX = {
    "retraite": "Retraité",
    "sans_emploi": "Sans emploi",
    "en_emploi": "En emploi",
    "scolarise": "Scolarisé",
    "non_communique": "Non communiqué ou hétérogène",
}
NON_COMMUNIQUE = "non_communique"

_BORNES = (
    (70, "soixante_dix_plus"),
    (60, "soixante_soixante_neuf"),
    (40, "quarante_cinquante_neuf"),
    (25, "vingt_cinq_trente_neuf"),
    (18, "dix_huit_vingt_quatre"),
    (12, "douze_dix_huit"),
)


def tranche_age(annee_naissance: int, annee_en_cours: int) -> str:
    """The band of someone born that year, as La Coop derives it (age reached this year)."""
    age = annee_en_cours - annee_naissance
    for minimum, tranche in _BORNES:
        if age >= minimum:
            return tranche
    return "moins_de_douze"
