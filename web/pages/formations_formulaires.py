"""The trainings' forms: what was typed, kept for re-display, turned into commands.

Modules are typed one per line as « titre ; heures », slots as « AAAA-MM-JJ matin » (or
« après-midi », or nothing for a full day): plain text fields, the most accessible there are.
"""

from __future__ import annotations

import re
from typing import Any
from uuid import UUID

from domain.errors import DomainError
from web.formulaires import FormulaireInvalide, command_id, liste, texte

_MOMENTS = {"": "journee", "journee": "journee", "journée": "journee", "matin": "matin"}
_APRES_MIDI = re.compile(r"^apr[eè]s[-_ ]?midi$")


def uuid_lu(form: dict[str, Any], champ: str, quoi: str) -> UUID:
    try:
        return UUID(texte(form, champ))
    except ValueError:
        raise DomainError(f"Choisissez {quoi} dans la liste.", champ) from None


# --- training paths --------------------------------------------------------------------------


def valeurs_parcours(form: dict[str, Any]) -> dict[str, Any]:
    return {
        "titre": texte(form, "titre"),
        "duree_heures": texte(form, "duree_heures"),
        "modules": texte(form, "modules"),
        "types_aidant": liste(form, "types_aidant"),
        "qualification_delivree": texte(form, "qualification_delivree"),
        "description": texte(form, "description"),
        "command_id": command_id(form),
        "version": texte(form, "version"),
    }


def _heures(valeur: str, champ: str, erreurs: dict[str, str]) -> float | None:
    try:
        return float(valeur.replace(",", ".").removesuffix("h").strip())
    except ValueError:
        erreurs[champ] = (
            "Indiquez un nombre d'heures (ex. 14 ou 3,5)."
            if valeur
            else ("Ce champ est obligatoire.")
        )
        return None


def modules_lus(texte_modules: str, erreurs: dict[str, str]) -> list[dict[str, Any]]:
    modules = []
    for rang, ligne in enumerate(texte_modules.splitlines(), start=1):
        if not ligne.strip():
            continue
        titre, separateur, heures = ligne.rpartition(";")
        if not separateur or not titre.strip():
            erreurs["modules"] = (
                f"Ligne {rang} : écrivez « titre du module ; heures » (ex. Le mandat ; 3,5)."
            )
            return []
        valeur = _heures(heures.strip(), "modules", erreurs)
        if valeur is None:
            erreurs["modules"] = f"Ligne {rang} : le nombre d'heures après « ; » est illisible."
            return []
        modules.append({"titre": titre.strip(), "heures": valeur})
    return modules


def donnees_parcours(valeurs: dict[str, Any]) -> dict[str, Any]:
    erreurs: dict[str, str] = {}
    if not valeurs["titre"]:
        erreurs["titre"] = "Ce champ est obligatoire."
    duree = _heures(valeurs["duree_heures"], "duree_heures", erreurs)
    modules = modules_lus(valeurs["modules"], erreurs)
    if erreurs:
        raise FormulaireInvalide(erreurs)
    return {
        "command_id": valeurs["command_id"],
        "titre": valeurs["titre"],
        "duree_heures": duree,
        "modules": modules,
        "types_aidant": valeurs["types_aidant"],
        "qualification_delivree": valeurs["qualification_delivree"] or None,
        "description": valeurs["description"] or None,
    }


def modules_en_texte(modules: list[Any]) -> str:
    return "\n".join(f"{m.titre} ; {m.heures:g}".replace(".", ",") for m in modules)


# --- sessions --------------------------------------------------------------------------------


def valeurs_session(form: dict[str, Any]) -> dict[str, Any]:
    return {
        champ: texte(form, champ)
        for champ in (
            "parcours_id",
            "debut",
            "fin",
            "creneaux",
            "mode",
            "lieu_id",
            "modalites_distance",
            "formateur",
            "organisme",
            "capacite",
            "version",
        )
    } | {"command_id": command_id(form)}


def creneaux_lus(texte_creneaux: str) -> list[dict[str, str]]:
    creneaux = []
    for rang, ligne in enumerate(texte_creneaux.splitlines(), start=1):
        if not ligne.strip():
            continue
        jour, _, moment = ligne.strip().partition(" ")
        moment = moment.strip().lower()
        code = "apres_midi" if _APRES_MIDI.match(moment) else _MOMENTS.get(moment)
        if code is None or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", jour):
            raise FormulaireInvalide(
                {
                    "creneaux": f"Ligne {rang} : écrivez la date AAAA-MM-JJ puis « matin » ou "
                    "« après-midi » (rien pour une journée entière)."
                }
            )
        creneaux.append({"jour": jour, "moment": code})
    return creneaux


def donnees_session(valeurs: dict[str, Any], *, creation: bool) -> dict[str, Any]:
    erreurs: dict[str, str] = {}
    obligatoires = ["debut", "fin", "formateur", "capacite", "mode"]
    if creation:
        obligatoires.append("parcours_id")
    for champ in obligatoires:
        if not valeurs[champ]:
            erreurs[champ] = "Ce champ est obligatoire."
    if valeurs["capacite"] and not valeurs["capacite"].isdigit():
        erreurs["capacite"] = "Indiquez un nombre de places (ex. 12)."
    if erreurs:
        raise FormulaireInvalide(erreurs)
    presentiel = valeurs["mode"] == "presentiel"
    donnees: dict[str, Any] = {
        "command_id": valeurs["command_id"],
        "debut": valeurs["debut"],
        "fin": valeurs["fin"],
        "creneaux": creneaux_lus(valeurs["creneaux"]),
        "mode": valeurs["mode"],
        "lieu_id": (valeurs["lieu_id"] or None) if presentiel else None,
        "modalites_distance": None if presentiel else (valeurs["modalites_distance"] or None),
        "formateur": valeurs["formateur"],
        "organisme": valeurs["organisme"] or None,
        "capacite": int(valeurs["capacite"]),
    }
    if creation:
        donnees["parcours_id"] = valeurs["parcours_id"]
    return donnees


def creneaux_en_texte(creneaux: list[Any], debut: Any, fin: Any) -> str:
    """Empty when the slots are just every full day from start to end."""
    if all(c.moment == "journee" for c in creneaux) and len(creneaux) == (fin - debut).days + 1:
        return ""
    libelles = {"journee": "", "matin": " matin", "apres_midi": " après-midi"}
    return "\n".join(f"{c.jour.isoformat()}{libelles[c.moment]}" for c in creneaux)
