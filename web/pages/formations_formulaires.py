"""The trainings' forms: what was typed, kept for re-display, turned into commands.

Modules are typed one per line as « titre ; heures », slots as « AAAA-MM-JJ matin » (or
« après-midi », or nothing for a full day): plain text fields, the most accessible there are.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from uuid import UUID

from domain.errors import DomainError
from web.formulaires import FormulaireInvalide, command_id, erreurs_de, liste, texte, version

_MOMENTS = {"": "journee", "journee": "journee", "journée": "journee", "matin": "matin"}
_APRES_MIDI = re.compile(r"^apr[eè]s[-_ ]?midi$")


def uuid_lu(form: dict[str, Any], champ: str, quoi: str) -> str:
    try:
        return str(UUID(texte(form, champ)))
    except ValueError:
        raise FormulaireInvalide({champ: f"Choisissez {quoi} dans la liste."}) from None


def _avec_version(champs: Callable[[], dict[str, Any]], form: dict[str, Any]) -> dict[str, Any]:
    """The fields read by `champs` and the record's version, or every error of both."""
    erreurs: dict[str, str] = {}
    try:
        lus = champs()
    except FormulaireInvalide as invalide:
        erreurs, lus = invalide.erreurs, {}
    try:
        lus["version"] = version(form)
    except DomainError as refus:
        erreurs |= erreurs_de(refus)
    if erreurs:
        raise FormulaireInvalide(erreurs)
    return lus


def lire_motif(form: dict[str, Any]) -> dict[str, Any]:
    """Archiving a path, cancelling a session: the version the page showed, and why."""
    return _avec_version(
        lambda: {"command_id": command_id(form), "motif": texte(form, "motif")[:500]}, form
    )


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


def lire_nouveau_parcours(form: dict[str, Any]) -> dict[str, Any]:
    return donnees_parcours(valeurs_parcours(form))


def lire_modification_parcours(form: dict[str, Any]) -> dict[str, Any]:
    return _avec_version(lambda: lire_nouveau_parcours(form), form)


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


def creneaux_lus(texte_creneaux: str, erreurs: dict[str, str]) -> list[dict[str, str]]:
    creneaux = []
    for rang, ligne in enumerate(texte_creneaux.splitlines(), start=1):
        if not ligne.strip():
            continue
        jour, _, moment = ligne.strip().partition(" ")
        moment = moment.strip().lower()
        code = "apres_midi" if _APRES_MIDI.match(moment) else _MOMENTS.get(moment)
        if code is None or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", jour):
            erreurs["creneaux"] = (
                f"Ligne {rang} : écrivez la date AAAA-MM-JJ puis « matin » ou « après-midi » "
                "(rien pour une journée entière)."
            )
            return []
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
    creneaux = creneaux_lus(valeurs["creneaux"], erreurs)
    if erreurs:
        raise FormulaireInvalide(erreurs)
    presentiel = valeurs["mode"] == "presentiel"
    donnees: dict[str, Any] = {
        "command_id": valeurs["command_id"],
        "debut": valeurs["debut"],
        "fin": valeurs["fin"],
        "creneaux": creneaux,
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


def lire_nouvelle_session(form: dict[str, Any]) -> dict[str, Any]:
    return donnees_session(valeurs_session(form), creation=True)


def lire_modification_session(form: dict[str, Any]) -> dict[str, Any]:
    return _avec_version(lambda: donnees_session(valeurs_session(form), creation=False), form)


def lire_inscription(form: dict[str, Any]) -> dict[str, Any]:
    return {
        "command_id": command_id(form),
        "aidant_id": uuid_lu(form, "aidant_id", "l'aidant à inscrire"),
    }


def lire_aidant(form: dict[str, Any]) -> dict[str, Any]:
    """Completing an enrolled aidant's training."""
    return {"command_id": command_id(form), "aidant_id": uuid_lu(form, "aidant_id", "l'aidant")}


def lire_desinscription(form: dict[str, Any]) -> dict[str, Any]:
    return lire_aidant(form) | {"motif": texte(form, "motif")[:500]}


def lire_presences(form: dict[str, Any]) -> dict[str, Any]:
    # Every box on the sheet is listed in a hidden field: unticked means absent.
    cochees = set(liste(form, "presence"))
    lignes = []
    for case in liste(form, "sur_la_feuille")[:10_000]:
        aidant_id, _, creneau = case.partition("|")
        lignes.append({"aidant_id": aidant_id, "creneau": creneau, "present": case in cochees})
    if not lignes:
        raise FormulaireInvalide({"presences": "Aucun créneau passé n'est à émarger."})
    return {"command_id": command_id(form), "presences": lignes}


def creneaux_en_texte(creneaux: list[Any], debut: Any, fin: Any) -> str:
    """Empty when the slots are just every full day from start to end."""
    if all(c.moment == "journee" for c in creneaux) and len(creneaux) == (fin - debut).days + 1:
        return ""
    libelles = {"journee": "", "matin": " matin", "apres_midi": " après-midi"}
    return "\n".join(f"{c.jour.isoformat()}{libelles[c.moment]}" for c in creneaux)
