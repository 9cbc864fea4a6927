"""The legacy national standard v0.1.x, and how its rows become v1.0.2 rows.

Source: LaMednum/standard-mediation-num, schema.json @ tag v0.1.1 (shared/data/
lieux-mediation-numerique.schema-v0.1.1.json). Hubs still export in it: `;` between values,
15 services instead of 9, `publics_accueillis`, `conditions_acces`, `labels_nationaux`,
`courriel`, `cle_ban`, `accessibilite`. The mapping follows the one mednum-cli uses where it
has one (shared/reference/carto_orientation.md §1.7) and the v1 field descriptions otherwise;
each choice is written next to its value. Old values are matched with their typographic
apostrophes and spaces folded, and by their short label alone ("Gratuit" for "Gratuit : Je
peux accéder…"), as files often shorten them.

Every function returns the values and, in French, the corrections it made, so that an import
report can say them; an old value that is not in the v0.1 enumeration is refused by name.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from domain.errors import DomainError
from domain.lieux.referentiel import dans_un_territoire_francais
from domain.lieux.standard import PRESENTATION_RESUME_MAX, SEPARATEUR, texte_normalise

SEPARATEUR_V01 = ";"
AIDE_DEMARCHES = "Aide aux démarches administratives"
MAITRISE_OUTILS = "Maîtrise des outils numériques du quotidien"
INSERTION = "Insertion professionnelle via le numérique"
ACCES_MATERIEL = "Accès internet et matériel informatique"
COMPREHENSION = "Compréhension du monde numérique"

# The 15 services of v0.1.1 → the 9 of v1.0.2 (domain.lieux.referentiel.SERVICES).
SERVICES_V01: dict[str, str] = {
    # mednum-cli: the three "démarches" services become the one of v1.
    "Devenir autonome dans les démarches administratives": AIDE_DEMARCHES,
    "Réaliser des démarches administratives avec un accompagnement": AIDE_DEMARCHES,
    "Accompagner les démarches de santé": AIDE_DEMARCHES,
    # v1 groups the everyday use of one's devices in one service.
    "Prendre en main un smartphone ou une tablette": MAITRISE_OUTILS,
    "Prendre en main un ordinateur": MAITRISE_OUTILS,
    "Utiliser le numérique au quotidien": MAITRISE_OUTILS,
    # Digital culture and citizenship are what v1 calls understanding the digital world.
    "Approfondir ma culture numérique": COMPREHENSION,
    "Promouvoir la citoyenneté numérique": COMPREHENSION,
    # Finding a job and creating one's business are both professional integration.
    "Favoriser mon insertion professionnelle": INSERTION,
    "Créer et développer mon entreprise": INSERTION,
    # mednum-cli: connection and equipment on site are one service in v1.
    "Accéder à une connexion internet": ACCES_MATERIEL,
    "Accéder à du matériel": ACCES_MATERIEL,
    # Buying one's own equipment is the solidarity-priced acquisition of v1.
    "S'équiper en matériel informatique": "Acquisition de matériel informatique à prix solidaire",
    "Créer avec le numérique": "Loisirs et créations numériques",
    "Soutenir la parentalité et l'éducation avec le numérique": (
        "Parentalité et éducation avec le numérique"
    ),
}

# The v0.1-only enumerations → the (v1 column, v1 value) pairs they become; none: nothing to
# keep. Labels without a v1 value stay as free text in autres_formations_labels.
Cibles = tuple[tuple[str, str], ...]
_PUBLIC = "publics_specifiquement_adresses"
_PRISE_EN_CHARGE = "prise_en_charge_specifique"
_DISPOSITIF = "dispositif_programmes_nationaux"
_AUTRES_LABELS = "autres_formations_labels"
PUBLICS_V01: dict[str, Cibles] = {
    "Seniors (+ 65 ans)": ((_PUBLIC, "Seniors"),),
    "Familles/enfants": ((_PUBLIC, "Familles et/ou enfants"),),
    # v1: a place is open to everyone unless it names specific publics.
    "Adultes": (),
    "Jeunes (16-26 ans)": ((_PUBLIC, "Jeunes"),),
    "Uniquement femmes": ((_PUBLIC, "Femmes"),),
    # The language is not said: v1's "autres" is the safe reading.
    "Public langues étrangères": ((_PRISE_EN_CHARGE, "Langues étrangères (autres)"),),
    "Déficience visuelle": ((_PRISE_EN_CHARGE, "Déficience visuelle"),),
    "Surdité": ((_PRISE_EN_CHARGE, "Surdité"),),
    # v1 has one value for the two kinds of handicap that v0.1 told apart.
    "Handicaps psychiques : troubles psychiatriques donnant lieu à des atteintes "
    "comportementales": ((_PRISE_EN_CHARGE, "Handicaps mentaux"),),
    "Handicaps mentaux : déficiences limitant les activités d'une personne": (
        (_PRISE_EN_CHARGE, "Handicaps mentaux"),
    ),
    "Personnes en situation d'illettrisme": ((_PRISE_EN_CHARGE, "Illettrisme"),),
}
CONDITIONS_V01: dict[str, Cibles] = {
    "Gratuit : Je peux accéder gratuitement au lieu et à ses services": (
        ("frais_a_charge", "Gratuit"),
    ),
    "Gratuit sous condition : La gratuité est conditionnée à des critères (situation "
    "familiale, convention avec un organisme social...)": (
        ("frais_a_charge", "Gratuit sous condition"),
    ),
    "Payant : L'accès au lieu et/ou à ses services est payant": (("frais_a_charge", "Payant"),),
    # v1 has no "Pass numérique" programme; its definition of "Gratuit sous condition" names
    # the pass, and the free-text labels keep that the place takes it.
    "Accepte le Pass numérique : Il est possible d'utiliser un Pass numérique pour accéder "
    "au lieu": (("frais_a_charge", "Gratuit sous condition"), (_AUTRES_LABELS, "Pass numérique")),
    # mednum-cli: a membership is a cost.
    "Adhésion : L'accès au lieu et/ou à ses services nécessite d'y adhérer": (
        ("frais_a_charge", "Payant"),
    ),
}
LABELS_V01: dict[str, Cibles] = {
    "France Services": ((_DISPOSITIF, "France Services"),),
    "CNFS": ((_DISPOSITIF, "Conseillers numériques"),),
    "APTIC": ((_AUTRES_LABELS, "APTIC"),),
    "Aidants Connect": ((_DISPOSITIF, "Aidants Connect"),),
    "Fabriques de Territoire": (("formations_labels", "Fabriques de Territoire"),),
    "Grandes écoles du numérique": ((_DISPOSITIF, "Grande école du numérique"),),
    "Point relais CAF": ((_DISPOSITIF, "Point d'accès numérique CAF"),),
    "Point numérique CAF": ((_DISPOSITIF, "Point d'accès numérique CAF"),),
    "Relais pôle emploi": ((_AUTRES_LABELS, "Relais pôle emploi"),),
    "French Tech": ((_AUTRES_LABELS, "French Tech"),),
    "Campus connecté": ((_AUTRES_LABELS, "Campus connecté"),),
}
_ENUMERATIONS_V01: dict[str, dict[str, Cibles]] = {
    "publics_accueillis": PUBLICS_V01,
    "conditions_acces": CONDITIONS_V01,
    "labels_nationaux": LABELS_V01,
}

# modalites_accompagnement, old → new (mednum-cli for all but the workshop, renamed in v1).
ACCOMPAGNEMENTS_V01: dict[str, str] = {
    "Seul : j'ai accès à du matériel et une connexion": "En autonomie",
    "Avec de l'aide : je suis accompagné seul dans l'usage du numérique": (
        "Accompagnement individuel"
    ),
    "Dans un atelier : j'apprends collectivement à utiliser le numérique": (
        "Dans un atelier collectif"
    ),
    "A ma place : une personne habilitée fait les démarches à ma place": (
        "Accompagnement individuel"
    ),
}

# Spellings met in real files that the v1 patterns refuse (carto_orientation.md §1.6).
VARIANTES_V1: dict[str, dict[str, str]] = {
    "formations_labels": {"Étapes numériques (La Poste)": "Étapes numériques(La Poste)"},
    "services": {"Comprehension du monde numérique": COMPREHENSION},
}

# Columns only v0.1 has: their presence tells the format.
COLONNES_V01 = frozenset(
    {
        "cle_ban",
        "courriel",
        "publics_accueillis",
        "conditions_acces",
        "labels_nationaux",
        "labels_autres",
        "accessibilite",
    }
)
# Columns whose name did not change but that held `;`-separated lists in v0.1.
_LISTES_COMMUNES = ("typologie", "site_web", "services", "modalites_accompagnement")
_RENOMMEES = {
    "courriel": "courriels",
    "labels_autres": "autres_formations_labels",
    "accessibilite": "fiche_acces_libre",
}


def est_au_format_v01(colonnes: Iterable[str]) -> bool:
    return any(colonne.strip() in COLONNES_V01 for colonne in colonnes)


def _cle(valeur: str) -> str:
    return texte_normalise(valeur).casefold()


def _libelle(valeur: str) -> str:
    """An old value's short label: "Gratuit" for "Gratuit : Je peux accéder…"."""
    return valeur.split(" : ", 1)[0]


def _index(table: Mapping[str, object]) -> dict[str, str]:
    """Each old value by its folded full text and by its folded short label."""
    index: dict[str, str] = {}
    for valeur in table:
        index[_cle(valeur)] = valeur
        index.setdefault(_cle(_libelle(valeur)), valeur)
    return index


_INDEX: dict[str, dict[str, str]] = {
    "services": _index(SERVICES_V01),
    "modalites_accompagnement": _index(ACCOMPAGNEMENTS_V01),
    **{champ: _index(table) for champ, table in _ENUMERATIONS_V01.items()},
}


def _morceaux(brut: str, separateurs: str = SEPARATEUR_V01 + SEPARATEUR) -> list[str]:
    for separateur in separateurs[1:]:
        brut = brut.replace(separateur, separateurs[0])
    return [m for m in (x.strip() for x in brut.split(separateurs[0])) if m]


def _groupes(champ: str, par_cible: dict[str, list[str]]) -> str:
    """`services (v0.1) : « A », « B » → « X » ; « C » → « Y »`."""
    return f"{champ} (v0.1) : " + " ; ".join(
        ", ".join(f"« {a} »" for a in anciennes)
        + (f" → {cible}" if cible else " ignoré (en v1, un lieu est ouvert à tous par défaut)")
        for cible, anciennes in par_cible.items()
    )


def convertir_valeurs(champ: str, morceaux: list[str]) -> tuple[list[str], list[str]]:
    """Values of a column that v0.1 and v1 share: old values mapped, known misspellings
    fixed; v1 values and unknown ones are left for the v1 rules (which refuse the unknown
    ones by name). Returns the values and the corrections made."""
    table = {"services": SERVICES_V01, "modalites_accompagnement": ACCOMPAGNEMENTS_V01}.get(champ)
    anciennes = _INDEX.get(champ, {}) if table is not None else {}
    variantes = {_cle(k): v for k, v in VARIANTES_V1.get(champ, {}).items()}
    sortie: list[str] = []
    par_cible: dict[str, list[str]] = {}
    corrections: list[str] = []
    for morceau in morceaux:
        nouvelle = morceau
        if table is not None and (ancienne := anciennes.get(_cle(morceau))) is not None:
            nouvelle = table[ancienne]
            par_cible.setdefault(f"« {nouvelle} »", []).append(_libelle(ancienne))
        elif (variante := variantes.get(_cle(morceau))) is not None:
            nouvelle = variante
            corrections.append(f"{champ} : « {morceau} » écrit « {variante} »")
        if nouvelle not in sortie:
            sortie.append(nouvelle)
    if par_cible:
        corrections.insert(0, _groupes(champ, par_cible))
    return sortie, corrections


def _convertir_enumeration(
    champ: str, morceaux: list[str], ajouts: dict[str, list[str]]
) -> str | None:
    """Adds a v0.1-only column's values to the v1 columns they become; says how."""
    table = _ENUMERATIONS_V01[champ]
    par_cible: dict[str, list[str]] = {}
    for morceau in morceaux:
        ancienne = _INDEX[champ].get(_cle(morceau))
        if ancienne is None:
            raise DomainError(
                f"Valeur inconnue pour « {champ} » (ancien standard v0.1) : « {morceau} ». "
                "Valeurs possibles : " + " ; ".join(map(_libelle, table)) + ".",
                champ,
            )
        for colonne, valeur in table[ancienne]:
            ajouts.setdefault(colonne, []).append(valeur)
        cible = " + ".join(f"{c} « {v} »" for c, v in table[ancienne])
        par_cible.setdefault(cible, []).append(_libelle(ancienne))
    return _groupes(champ, par_cible) if par_cible else None


def convertir_ligne_v01(valeurs: Mapping[str, str]) -> tuple[dict[str, str], list[str]]:
    """A v0.1.x row as a v1.0.2 row (`|` between values), and the corrections made.

    Values of the shared columns keep their old spelling here: `convertir_valeurs` maps them
    with the v1 ones. Raises DomainError naming the column of an unknown old value.
    """
    corrections: list[str] = []
    ligne = {k: v for k, v in valeurs.items() if k not in COLONNES_V01}
    for champ in _LISTES_COMMUNES:
        if champ in ligne:
            ligne[champ] = SEPARATEUR.join(_morceaux(ligne[champ]))
    ajouts: dict[str, list[str]] = {}
    for ancienne, nouvelle in _RENOMMEES.items():
        ajouts.setdefault(nouvelle, []).extend(_morceaux(valeurs.get(ancienne, "")))
    for champ in _ENUMERATIONS_V01:
        morceaux = _morceaux(valeurs.get(champ, ""))
        if any(texte_normalise(m) != m for m in morceaux):
            corrections.append(f"{champ} : apostrophes ou espaces normalisés")
        if note := _convertir_enumeration(champ, morceaux, ajouts):
            corrections.append(note)
    for champ, nouvelles in ajouts.items():
        if nouvelles:
            deja = _morceaux(ligne.get(champ, ""))
            ligne[champ] = SEPARATEUR.join(dict.fromkeys([*deja, *nouvelles]))
    if valeurs.get("cle_ban", "").strip():
        corrections.append("cle_ban ignorée : le standard v1 n'a pas ce champ")
    resume = ligne.get("presentation_resume", "").strip()
    if len(resume) > PRESENTATION_RESUME_MAX:
        detail = ligne.get("presentation_detail", "").strip()
        ligne["presentation_resume"] = resume_raccourci(resume)
        ligne["presentation_detail"] = detail or resume
        corrections.append(
            f"presentation_resume de {len(resume)} caractères raccourcie à "
            f"{PRESENTATION_RESUME_MAX}"
            + ("" if detail else " (texte entier repris en presentation_detail)")
        )
    return ligne, corrections


def resume_raccourci(texte: str) -> str:
    """v0.1 allowed 500 characters in the summary, v1 280: cut at a word, with an ellipsis."""
    if len(texte) <= PRESENTATION_RESUME_MAX:
        return texte
    return texte[: PRESENTATION_RESUME_MAX - 1].rsplit(" ", 1)[0].rstrip(" ,;:.") + "…"


def coordonnees_remises_dans_l_ordre(
    latitude: float, longitude: float
) -> tuple[float, float] | None:
    """Latitude and longitude swapped, a common mistake: the right order when only it falls
    in a French territory, else None (the rules then refuse the point with their reason)."""
    if dans_un_territoire_francais(latitude, longitude):
        return None
    if dans_un_territoire_francais(longitude, latitude):
        return longitude, latitude
    return None
