"""The national standard for mediation places (v1.0.2): its vocabularies and value rules.

Source: LaMednum/standard-mediation-num, schema.json @ e347ff4 (v1.0.2), copied in
shared/data/lieux-mediation-numerique.*-v1.0.2.*; the `typologie` codes are those the national
map enforces (anct-cartographie-nationale/lieux-de-mediation-numerique, typologie.ts).
Each validator returns the value as the registry stores it (normalised, so that exports
validate against the schema) or raises a DomainError naming the field.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from domain.errors import DomainError, valeur_inconnue
from domain.verification import verificateurs

ITINERANCE = ("Itinérant", "Fixe")
PUBLICS = ("Jeunes", "Étudiants", "Familles et/ou enfants", "Seniors", "Femmes")
PRISES_EN_CHARGE = (
    "Surdité",
    "Handicaps moteurs",
    "Handicaps mentaux",
    "Illettrisme",
    "Langues étrangères (anglais)",
    "Langues étrangères (autres)",
    "Déficience visuelle",
)
FRAIS = ("Gratuit", "Gratuit sous condition", "Payant")
DISPOSITIFS = (
    "Aidants Connect",
    "Bibliothèques numérique de référence",
    "Certification PIX",
    "Conseillers numériques",
    "Emmaüs Connect",
    "France Services",
    "Grande école du numérique",
    "La Croix Rouge",
    "Point d'accès numérique CAF",
    "Promeneurs du net",
    "Relais numérique (Emmaüs Connect)",
)
FORMATIONS_LABELS = (
    "Formé à « Mon Espace Santé »",
    "Formé à « DUPLEX » (illettrisme)",
    "Arnia/MedNum BFC (Bourgogne-Franche-Comté)",
    "Collectif ressources et acteurs réemploi (Normandie)",
    # Unspaced, as the schema's pattern wants it (its own description has the space).
    "Étapes numériques(La Poste)",
    "Fabriques de Territoire",
    "Les Éclaireurs du numérique (Drôme)",
    "Mes Papiers (Métropole de Lyon)",
    "ORDI 3.0",
    "SUD LABS (PACA)",
)
MODALITES_ACCES = (
    "Se présenter",
    "Téléphoner",
    "Contacter par mail",
    "Prendre un RDV en ligne",
    "Ce lieu n'accueille pas de public",
    "Envoyer un mail avec une fiche de prescription",
)
MODALITES_ACCOMPAGNEMENT = (
    "En autonomie",
    "Accompagnement individuel",
    "Dans un atelier collectif",
    "À distance",
)
# 92 codes read better as a block than one per line.
TYPOLOGIES = tuple(
    """ACI ACIPHC AFPA AI ASE ASSO ASSO_CHOMEUR Autre AVIP BIB CAARUD CADA CAF CAP_EMPLOI CAVA CC
    CCAS CCONS CD CDAS CFP CHRS CHU CIAS CIDFF CITMET CMP CMS CPAM CPH CS CSAPA CSC DEETS DEPT
    DIPLP E2C EA EATT EI EITI ENM EPCI EPI EPIDE EPN ES ESAT ESS ETTI EVS FABLAB FABRIQUE FAIS FT
    GEIQ HUDA LA_POSTE MDE MDH MDEF MDPH MDS MJC ML MQ MSA MSAP MUNI OACAS ODC OF OIL OPCS PAD
    PENSION PI PIJ_BIJ PIMMS PJJ PLIE PREF PREVENTION REG RELAIS_LECTURE RESSOURCERIE RFS RS_FJT
    SCP SPIP TIERS_LIEUX UDAF""".split()  # noqa: SIM905
)
# The schema's columns, in its order: exports write them so.
COLONNES = (
    "id",
    "pivot",
    "nom",
    "commune",
    "code_postal",
    "code_insee",
    "adresse",
    "complement_adresse",
    "latitude",
    "longitude",
    "typologie",
    "telephone",
    "courriels",
    "site_web",
    "horaires",
    "presentation_resume",
    "presentation_detail",
    "source",
    "itinerance",
    "structure_parente",
    "date_maj",
    "services",
    "publics_specifiquement_adresses",
    "prise_en_charge_specifique",
    "frais_a_charge",
    "dispositif_programmes_nationaux",
    "formations_labels",
    "autres_formations_labels",
    "modalites_acces",
    "modalites_accompagnement",
    "fiche_acces_libre",
    "prise_rdv",
)
SEPARATEUR = "|"
# The columns that hold several values, separated by SEPARATEUR.
COLONNES_MULTIPLES = frozenset(
    {
        "typologie",
        "courriels",
        "site_web",
        "itinerance",
        "services",
        "publics_specifiquement_adresses",
        "prise_en_charge_specifique",
        "frais_a_charge",
        "dispositif_programmes_nationaux",
        "formations_labels",
        "autres_formations_labels",
        "modalites_acces",
        "modalites_accompagnement",
    }
)
# The schema requires a pivot; the national pipeline writes this when a place has none.
PIVOT_INCONNU = "00000000000000"
PRESENTATION_RESUME_MAX = 280
_INDICATIFS = ("+33", "+590", "+594", "+596", "+262", "+508", "+681", "+689", "+687")
# In the standard, as in the CSV files that list several values, `|` separates them.
COURRIEL_DU_STANDARD = re.compile(r"^[^@\s|]+@[^@\s|]+\.[^@\s|]+$")
_URL = re.compile(r"^https?://[^\s|]+\.[^\s|]+$", re.IGNORECASE)
# A known variant met in real data, written as the schema wants it.
_VARIANTES = {"Étapes numériques (La Poste)": "Étapes numériques(La Poste)"}


def texte_normalise(valeur: str) -> str:
    """Typographic apostrophes and runs of spaces, as users and other tools write them."""
    return " ".join(valeur.replace("’", "'").replace("‘", "'").split())


def _liste(valeurs: Iterable[str] | str | None) -> list[str]:
    if valeurs is None:
        return []
    if isinstance(valeurs, str):
        valeurs = valeurs.split("|")
    return [v for v in (texte_normalise(x) for x in valeurs) if v]


def valeurs_du_standard(
    champ: str, permises: tuple[str, ...]
) -> Callable[[Iterable[str] | str | None], tuple[str, ...]]:
    """A validator for a multi-valued field whose values come from `permises`."""
    par_forme = {texte_normalise(v).casefold(): v for v in permises}

    def valider(valeurs: Iterable[str] | str | None) -> tuple[str, ...]:
        retenues: list[str] = []
        for valeur in _liste(valeurs):
            connue = par_forme.get(_VARIANTES.get(valeur, valeur).casefold())
            if connue is None:
                raise valeur_inconnue(
                    f"Valeur inconnue pour « {champ} »", valeur, permises, champ, " ; "
                )
            if connue not in retenues:
                retenues.append(connue)
        return tuple(sorted(retenues, key=permises.index))

    return valider


def texte_libre(champ: str, maximum: int) -> Callable[[str | None], str | None]:
    def valider(valeur: str | None) -> str | None:
        if valeur is None:
            return None
        texte = valeur.replace("’", "'").strip()
        if len(texte) > maximum:
            raise DomainError(
                f"« {champ} » fait {len(texte)} caractères : {maximum} au plus.", champ
            )
        return texte or None

    return valider


def valider_telephone(valeur: str | None) -> str | None:
    """French numbers (France and overseas) as the standard wants them: international form
    without spaces (03 80 … → +33380…). The numbering plan is the library's (see
    domain.verification): a 9-digit +33 number or a Comoros +269 one is refused."""
    if valeur is None or not valeur.strip():
        return None
    numero = re.sub(r"[\s.\-()]", "", valeur)
    if numero.startswith("00"):
        numero = "+" + numero[2:]
    international = verificateurs().telephone_francais(numero) if numero else None
    if international is None:
        raise DomainError(
            f"Numéro de téléphone non reconnu : « {valeur} ». Écrivez un numéro français à "
            "10 chiffres (ex. 03 80 12 34 56) ou au format international de la France ou "
            "d'un territoire d'outre-mer (" + ", ".join(_INDICATIFS) + ").",
            "telephone",
        )
    return international


def valider_courriels(valeurs: Iterable[str] | str | None) -> tuple[str, ...]:
    retenus: list[str] = []
    for courriel in _liste(valeurs):
        if not COURRIEL_DU_STANDARD.match(courriel):
            raise DomainError(
                f"Adresse e-mail invalide : « {courriel} » (ex. contact@mediatheque.fr).",
                "courriels",
            )
        if courriel.lower() not in (r.lower() for r in retenus):
            retenus.append(courriel)
    return tuple(retenus)


def adresses_web(champ: str) -> Callable[[Iterable[str] | str | None], tuple[str, ...]]:
    def valider(valeurs: Iterable[str] | str | None) -> tuple[str, ...]:
        retenues: list[str] = []
        for url in _liste(valeurs):
            if not _URL.match(url):
                raise DomainError(
                    f"Adresse web invalide pour « {champ} » : « {url} » (elle commence par "
                    "https://).",
                    champ,
                )
            if url not in retenues:
                retenues.append(url)
        return tuple(retenues)

    return valider


def adresse_web(champ: str) -> Callable[[str | None], str | None]:
    plusieurs = adresses_web(champ)

    def valider(valeur: str | None) -> str | None:
        urls = plusieurs(valeur)
        if len(urls) > 1:
            raise DomainError(f"Une seule adresse web pour « {champ} ».", champ)
        return urls[0] if urls else None

    return valider


def valider_pivot(valeur: str | None) -> str | None:
    """SIRET (14 digits, its key and its SIREN's key holding) or RNA (W and 9 digits) of the
    place's body."""
    if valeur is None or not valeur.strip():
        return None
    pivot = re.sub(r"\s", "", valeur).upper()
    if re.fullmatch(r"W\d{9}", pivot):
        return pivot
    if (
        re.fullmatch(r"\d{14}", pivot)
        and set(pivot) != {"0"}
        and verificateurs().siret_valide(pivot)
    ):
        return pivot
    raise DomainError(
        f"« {valeur} » n'est ni un SIRET valide (14 chiffres, clé de contrôle et SIREN "
        "compris) ni un numéro RNA (W suivi de 9 chiffres).",
        "pivot",
    )


# The standard's optional fields beyond the issue-2 ones, with how each is checked.
VALIDATEURS: dict[str, Callable[[Any], Any]] = {
    "pivot": valider_pivot,
    "typologie": valeurs_du_standard("typologie", TYPOLOGIES),
    "telephone": valider_telephone,
    "courriels": valider_courriels,
    "site_web": adresses_web("site_web"),
    "presentation_resume": texte_libre("presentation_resume", PRESENTATION_RESUME_MAX),
    "presentation_detail": texte_libre("presentation_detail", 5000),
    "source": texte_libre("source", 200),
    "itinerance": valeurs_du_standard("itinerance", ITINERANCE),
    "structure_parente": texte_libre("structure_parente", 200),
    "publics_specifiquement_adresses": valeurs_du_standard(
        "publics_specifiquement_adresses", PUBLICS
    ),
    "prise_en_charge_specifique": valeurs_du_standard(
        "prise_en_charge_specifique", PRISES_EN_CHARGE
    ),
    "frais_a_charge": valeurs_du_standard("frais_a_charge", FRAIS),
    "dispositif_programmes_nationaux": valeurs_du_standard(
        "dispositif_programmes_nationaux", DISPOSITIFS
    ),
    "formations_labels": valeurs_du_standard("formations_labels", FORMATIONS_LABELS),
    "autres_formations_labels": lambda v: tuple(dict.fromkeys(_liste(v))),
    "modalites_acces": valeurs_du_standard("modalites_acces", MODALITES_ACCES),
    "modalites_accompagnement": valeurs_du_standard(
        "modalites_accompagnement", MODALITES_ACCOMPAGNEMENT
    ),
    "fiche_acces_libre": adresse_web("fiche_acces_libre"),
    "prise_rdv": adresse_web("prise_rdv"),
}
