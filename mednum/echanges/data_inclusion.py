"""The registry in the data·inclusion v1 schema: one `structure` and one `service` per open
place, so that DORA and the national pipeline can read the hub's places.

The mapping is the one data·inclusion applies to the national mediation standard itself
(`gip-inclusion/data-inclusion` @ d4969e3, `pipeline/dbt/models/intermediate/v1/001_mappings/
mediation_numerique/`: `_map_*.sql`, `int_mediation_numerique__structures_v1.sql` and
`int_mediation_numerique__services_v1.sql`), applied to the rows of our own standard export.
One difference: the pipeline joins the places' publics on the *target* value
(`publics.value = map.public`), so « Seniors » never maps there; we join on the source value,
as the mapping table intends.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from domain.lieux.standard import SEPARATEUR

SOURCE = "mednum"
NOM_SERVICE = "Service d’accompagnement au numérique"

THEMATIQUES = {
    "Accès internet et matériel informatique": (
        "numerique--acceder-a-une-connexion-internet",
        "numerique--acquerir-un-equipement",
    ),
    "Acquisition de matériel informatique à prix solidaire": ("numerique--acquerir-un-equipement",),
    "Aide aux démarches administratives": (
        "difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives",
        "numerique--acceder-a-des-services-en-ligne",
    ),
    "Compréhension du monde numérique": ("numerique--maitriser-les-fondamentaux-du-numerique",),
    "Insertion professionnelle via le numérique": (
        "preparer-sa-candidature--organiser-ses-demarches-de-recherche-demploi",
        "numerique--maitriser-les-fondamentaux-du-numerique",
    ),
    "Loisirs et créations numériques": (
        "remobilisation--activites-sportives-et-culturelles",
        "numerique--maitriser-les-fondamentaux-du-numerique",
    ),
    "Maîtrise des outils numériques du quotidien": (
        "numerique--maitriser-les-fondamentaux-du-numerique",
        "numerique--acceder-a-des-services-en-ligne",
    ),
    "Parentalité et éducation avec le numérique": (
        "famille--soutien-a-la-parentalite-et-a-leducation",
        "numerique--maitriser-les-fondamentaux-du-numerique",
    ),
    "Utilisation sécurisée du numérique": ("numerique--maitriser-les-fondamentaux-du-numerique",),
}
PUBLICS = {
    "Étudiants": "etudiants",
    "Familles et/ou enfants": "familles",
    "Femmes": "femmes",
    "Jeunes": "jeunes",
    "Seniors": "seniors",
}
PUBLICS_PRISE_EN_CHARGE = {
    "Déficience visuelle": "personnes-en-situation-de-handicap",
    "Handicaps mentaux": "personnes-en-situation-de-handicap",
    "Handicaps moteurs": "personnes-en-situation-de-handicap",
    "Langues étrangères (anglais)": "personnes-exilees",
    "Langues étrangères (autres)": "personnes-exilees",
    "Surdité": "personnes-en-situation-de-handicap",
}
MODES_MOBILISATION = {
    "Contacter par mail": "envoyer-un-courriel",
    "Envoyer un mail avec une fiche de prescription": "envoyer-un-courriel",
    "Prendre un RDV en ligne": "utiliser-lien-mobilisation",
    "Se présenter": "se-presenter",
    "Téléphoner": "telephoner",
}
TYPES = {
    "Accompagnement individuel": "accompagnement",
    "Dans un atelier collectif": "atelier",
    "En autonomie": "aide-materielle",
}
# One type per service: the pipeline keeps the first of these that the place offers.
ORDRE_DES_TYPES = ("aide-materielle", "atelier", "accompagnement")
RESEAUX_PORTEURS = {
    "Aidants Connect": "aidants-connect",
    "Conseillers numériques": "conseillers-numeriques",
    "France Services": "france-service",
    "Grande école du numérique": "grandes-ecoles-du-numerique",
    "La Croix Rouge": "croix-rouge",
}


def _valeurs(ligne: Mapping[str, Any], colonne: str) -> list[str]:
    valeur = ligne.get(colonne)
    return [v for v in valeur.split(SEPARATEUR) if v] if valeur else []


def _premiere(ligne: Mapping[str, Any], colonne: str) -> str | None:
    valeurs = _valeurs(ligne, colonne)
    return valeurs[0] if valeurs else None


def _tries(valeurs: Iterable[str]) -> list[str] | None:
    return sorted(set(valeurs)) or None


def _identifiant(ligne: Mapping[str, Any]) -> str:
    return f"{SOURCE}--{ligne['id']}"


def _description(ligne: Mapping[str, Any]) -> str | None:
    texte = ligne.get("presentation_detail") or ligne.get("presentation_resume")
    return texte if texte and len(texte) >= 5 else None


def _siret(ligne: Mapping[str, Any]) -> str | None:
    pivot = ligne.get("pivot") or ""
    return pivot if len(pivot) == 14 and pivot.isdigit() else None


def _adresse(ligne: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "adresse": ligne.get("adresse"),
        "complement_adresse": ligne.get("complement_adresse"),
        "code_postal": ligne.get("code_postal"),
        "code_insee": ligne.get("code_insee"),
        "commune": ligne.get("commune"),
        "latitude": ligne.get("latitude"),
        "longitude": ligne.get("longitude"),
    }


def structure(ligne: Mapping[str, Any], lien_source: str | None) -> dict[str, Any]:
    """A place of the national standard as a data·inclusion v1 structure."""
    return {
        "source": SOURCE,
        "id": _identifiant(ligne),
        "nom": ligne["nom"][:150],
        "date_maj": ligne["date_maj"],
        "lien_source": lien_source,
        "siret": _siret(ligne),
        "telephone": ligne.get("telephone"),
        "courriel": _premiere(ligne, "courriels"),
        "site_web": _premiere(ligne, "site_web"),
        "description": _description(ligne),
        "horaires_accueil": ligne.get("horaires"),
        "accessibilite_lieu": ligne.get("fiche_acces_libre"),
        "reseaux_porteurs": _tries(
            RESEAUX_PORTEURS[d]
            for d in _valeurs(ligne, "dispositif_programmes_nationaux")
            if d in RESEAUX_PORTEURS
        ),
        **_adresse(ligne),
    }


def service(ligne: Mapping[str, Any], lien_source: str | None) -> dict[str, Any]:
    """The place's mediation offer as a data·inclusion v1 service of its structure."""
    services = _valeurs(ligne, "services")
    frais = _valeurs(ligne, "frais_a_charge")
    types = {TYPES[m] for m in _valeurs(ligne, "modalites_accompagnement") if m in TYPES}
    publics = [PUBLICS[p] for p in _valeurs(ligne, "publics_specifiquement_adresses")] + [
        PUBLICS_PRISE_EN_CHARGE[p]
        for p in _valeurs(ligne, "prise_en_charge_specifique")
        if p in PUBLICS_PRISE_EN_CHARGE
    ]
    precisions = sorted(
        _valeurs(ligne, "publics_specifiquement_adresses")
        + _valeurs(ligne, "prise_en_charge_specifique")
    )
    courriel = _premiere(ligne, "courriels")
    modes = _tries(
        MODES_MOBILISATION[m] for m in _valeurs(ligne, "modalites_acces") if m in MODES_MOBILISATION
    ) or _tries(
        mode
        for mode, present in (
            ("telephoner", ligne.get("telephone")),
            ("envoyer-un-courriel", courriel),
            ("utiliser-lien-mobilisation", ligne.get("prise_rdv")),
        )
        if present
    )
    code_insee = ligne.get("code_insee")
    return {
        "source": SOURCE,
        "id": _identifiant(ligne),
        "structure_id": _identifiant(ligne),
        "nom": NOM_SERVICE,
        "date_maj": ligne["date_maj"],
        "description": _description(ligne) or (", ".join(sorted(services)) or NOM_SERVICE),
        "lien_source": lien_source,
        "type": next((t for t in ORDRE_DES_TYPES if t in types), None),
        "thematiques": _tries(t for s in services for t in THEMATIQUES.get(s, ())),
        "frais": "gratuit"
        if {"Gratuit", "Gratuit sous condition"} & set(frais)
        else ("payant" if "Payant" in frais else None),
        "frais_precisions": None,
        "publics": _tries(publics) or ["tous-publics"],
        "publics_precisions": ", ".join(precisions) or None,
        "conditions_acces": None,
        "telephone": ligne.get("telephone"),
        "courriel": courriel,
        "contact_nom_prenom": None,
        "modes_mobilisation": modes,
        "lien_mobilisation": ligne.get("prise_rdv"),
        "mobilisable_par": ["professionnels", "usagers"],
        "mobilisation_precisions": None,
        "modes_accueil": ["a-distance", "en-presentiel"]
        if "À distance" in _valeurs(ligne, "modalites_accompagnement")
        else ["en-presentiel"],
        "zone_eligibilite": [code_insee[:3] if code_insee.startswith("97") else code_insee[:2]]
        if code_insee
        else None,
        "volume_horaire_hebdomadaire": None,
        "nombre_semaines": None,
        "horaires_accueil": ligne.get("horaires"),
        **_adresse(ligne),
    }
