"""Reading the place form: what was typed, the commune and postcode each completed from the
other, the position from the commune's centre when none is typed, and every refusal at once."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

import msgspec

from domain.base import Contexte
from domain.errors import DomainError
from domain.lieux import standard
from domain.lieux.commands import RecenserLieu
from domain.lieux.decide import recenser_lieu
from mednum.infra.communes import referentiel_communes
from web.formulaires import (
    FormulaireInvalide,
    command_id_lu,
    commune_lue,
    erreurs_de,
    liste,
    texte,
    version_lue,
)

TEXTES = ("nom", "adresse", "complement_adresse", "code_postal", "commune", "horaires")


# The standard's fields the form offers: free texts, lists typed one per line, and lists of
# the standard's values shown as checkboxes.
TEXTES_STANDARD = (
    "pivot",
    "telephone",
    "presentation_resume",
    "presentation_detail",
    "fiche_acces_libre",
    "prise_rdv",
)
LIGNES_STANDARD = ("courriels", "site_web")
CASES_STANDARD: dict[str, tuple[str, tuple[str, ...]]] = {
    "modalites_acces": ("Pour venir", standard.MODALITES_ACCES),
    "modalites_accompagnement": ("Accompagnement proposé", standard.MODALITES_ACCOMPAGNEMENT),
    "frais_a_charge": ("Frais à charge", standard.FRAIS),
    "publics_specifiquement_adresses": ("Publics spécifiquement accueillis", standard.PUBLICS),
    "prise_en_charge_specifique": ("Prise en charge spécifique", standard.PRISES_EN_CHARGE),
    "itinerance": ("Itinérance", standard.ITINERANCE),
    "dispositif_programmes_nationaux": ("Dispositifs nationaux", standard.DISPOSITIFS),
    "formations_labels": ("Formations et labels", standard.FORMATIONS_LABELS),
}


def lieu_lu(texte_id: str) -> UUID:
    try:
        return UUID(texte_id)
    except ValueError:
        raise DomainError(
            "Lieu illisible dans le formulaire : rechargez la page puis recommencez."
        ) from None


_CACHES: dict[str, Callable[[str], Any]] = {
    "command_id": command_id_lu,
    "version": version_lue,
    "version_doublon": version_lue,
    "doublon": lieu_lu,
    "autre": lieu_lu,
}


def caches(form: dict[str, Any], *noms: str) -> dict[str, Any]:
    """The hidden fields of a record's action (request id, versions, the other place), or
    FormulaireInvalide naming each unreadable one."""
    champs: dict[str, Any] = {}
    erreurs: dict[str, str] = {}
    for nom in noms:
        try:
            champs[nom] = _CACHES[nom](texte(form, nom))
        except DomainError as refus:
            erreurs[nom] = refus.message
    if erreurs:
        raise FormulaireInvalide(erreurs)
    return champs


def lire_fermeture(form: dict[str, Any]) -> dict[str, Any]:
    return caches(form, "command_id", "version") | {"motif": str(form.get("motif", ""))[:500]}


def valeurs_saisies(form: dict[str, Any]) -> dict[str, Any]:
    """The form as typed, for re-display (texts as strings, checkboxes as lists)."""
    valeurs: dict[str, Any] = {
        k: texte(form, k) for k in (*TEXTES, *TEXTES_STANDARD, "latitude", "longitude")
    }
    valeurs["services"] = liste(form, "services")
    for champ in CASES_STANDARD:
        valeurs[champ] = liste(form, champ)
    for champ in LIGNES_STANDARD:
        brut = form.get(champ, "")
        valeurs[champ] = "\n".join(brut) if isinstance(brut, list) else str(brut or "").strip()
    valeurs["command_id"] = str(form.get("command_id") or uuid4())[:36]
    valeurs["version"] = str(form.get("version", "") or "")
    return valeurs


def _nombre(valeurs: dict[str, Any], champ: str, erreurs: dict[str, str]) -> float | None:
    texte = valeurs[champ].replace(",", ".")
    try:
        return float(texte)
    except ValueError:
        erreurs[champ] = "Indiquez un nombre décimal (ex. 47.3220)."
        return None


def _commune_et_code_postal(
    valeurs: dict[str, Any], erreurs: dict[str, str]
) -> tuple[str | None, str]:
    """The commune's INSEE code and the postcode, each read from what the other says when it
    is left empty: « 21000 » alone is Dijon, « Dijon (21000) » alone gives its postcode, a
    commune with a single postcode needs no postcode typed."""
    commune, code_postal = valeurs["commune"], valeurs["code_postal"]
    if not commune and not code_postal:
        erreurs["code_postal"] = erreurs["commune"] = "Ce champ est obligatoire."
        return None, ""
    if not commune:
        return _commune_du_code_postal(code_postal, erreurs), code_postal
    code_insee = commune_lue(commune, "commune", erreurs)
    fiche = referentiel_communes().get(code_insee) if code_insee else None
    if fiche is None or code_postal:
        return code_insee, code_postal
    cites = [code for code in re.findall(r"\d{5}", commune) if code in fiche.codes_postaux]
    if cites or len(fiche.codes_postaux) == 1:
        return code_insee, (cites or list(fiche.codes_postaux))[0]
    erreurs["code_postal"] = (
        f"{fiche.nom} a plusieurs codes postaux ({', '.join(fiche.codes_postaux)}) : "
        "indiquez celui de l'adresse."
    )
    return code_insee, ""


def _commune_du_code_postal(code_postal: str, erreurs: dict[str, str]) -> str | None:
    communes = referentiel_communes()
    candidates = communes.du_code_postal(code_postal)
    if len(candidates) == 1:
        return candidates[0].code_insee
    if not candidates:
        erreurs["code_postal"] = (
            f"Aucune commune n'a le code postal « {code_postal} » : vérifiez-le (5 chiffres, "
            "ex. 21000), ou tapez le nom de la commune."
        )
    else:
        choix = ", ".join(f"« {c.nom} »" for c in candidates[:8])
        plus = f" (et {len(candidates) - 8} autres)" if len(candidates) > 8 else ""
        erreurs["commune"] = (
            f"Le code postal {code_postal} couvre plusieurs communes : tapez celle du lieu, "
            f"par exemple {choix}{plus}."
        )
    return None


def _position(
    valeurs: dict[str, Any], code_insee: str | None, erreurs: dict[str, str]
) -> tuple[float | None, float | None]:
    """The coordinates typed, or the commune's centre when both are left empty."""
    if valeurs["latitude"] or valeurs["longitude"]:
        for champ, autre in (("latitude", "longitude"), ("longitude", "latitude")):
            if not valeurs[champ]:
                erreurs[champ] = (
                    f"Indiquez aussi la {champ}, ou videz la {autre} : le lieu sera placé au "
                    "centre de sa commune."
                )
                return None, None
        return _nombre(valeurs, "latitude", erreurs), _nombre(valeurs, "longitude", erreurs)
    fiche = referentiel_communes().get(code_insee) if code_insee else None
    if code_insee and (fiche is None or fiche.latitude is None):
        erreurs["latitude"] = (
            "Cette commune n'a pas de centre connu : indiquez la latitude et la longitude du lieu."
        )
    return (fiche.latitude, fiche.longitude) if fiche else (None, None)


def _lire(form: dict[str, Any], *noms_caches: str) -> dict[str, Any]:
    valeurs = valeurs_saisies(form)
    try:
        champs, erreurs = caches(form, *noms_caches), {}
    except FormulaireInvalide as invalide:
        champs, erreurs = {}, invalide.erreurs
    for champ in ("nom", "adresse"):
        if not valeurs[champ]:
            erreurs[champ] = "Ce champ est obligatoire."
    code_insee, code_postal = _commune_et_code_postal(valeurs, erreurs)
    latitude, longitude = _position(valeurs, code_insee, erreurs)
    lu = (
        champs
        | {c: valeurs[c] for c in ("nom", "adresse", "services")}
        | {"code_insee": code_insee, "code_postal": code_postal}
        | {c: valeurs[c] or None for c in ("complement_adresse", "horaires", *TEXTES_STANDARD)}
        | {c: valeurs[c].split() for c in LIGNES_STANDARD}
        | {c: valeurs[c] for c in CASES_STANDARD}
        | {"latitude": latitude, "longitude": longitude}
    )
    if erreurs:
        raise FormulaireInvalide(erreurs | _refus_des_regles(lu, erreurs))
    return lu


# What the rules judge apart from the commune and the position: when those could not be read,
# a commune that exists stands in for them so that every other refusal is told at once.
_LU_PAR_LE_FORMULAIRE = ("code_insee", "code_postal", "latitude", "longitude")


def _refus_des_regles(lu: dict[str, Any], erreurs: dict[str, str]) -> dict[str, str]:
    communes = referentiel_communes()
    fiche = communes.get(lu["code_insee"] or "") or next(c for c in communes if c.latitude)
    essai = lu | {
        "code_insee": fiche.code_insee,
        "code_postal": (fiche.codes_postaux or ("00000",))[0],
        "latitude": fiche.latitude,
        "longitude": fiche.longitude,
    }
    try:
        commande = msgspec.convert(essai, RecenserLieu, strict=False)
        recenser_lieu(
            uuid4(), commande, fiche.ref(), Contexte(auteur="", maintenant=datetime.now())
        )
    except msgspec.ValidationError:
        return {}
    except DomainError as refus:
        return {
            champ: message
            for champ, message in erreurs_de(refus).items()
            if champ not in erreurs and champ not in _LU_PAR_LE_FORMULAIRE
        }
    return {}


def lire_recensement(form: dict[str, Any]) -> dict[str, Any]:
    return _lire(form, "command_id")


def lire_modification(form: dict[str, Any]) -> dict[str, Any]:
    return _lire(form, "command_id", "version")
