"""What the structures' and aidants' pages share: dates typed in forms, the aidant page's
forms read into commands' fields (French errors per field), each record's history in French."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any
from uuid import UUID

import msgspec

from domain.acteurs.events import (
    AffiliationTerminee,
    AidantAffilie,
    AidantDesactive,
    AidantEfface,
    AidantEnregistre,
    AidantHabiliteAidantsConnect,
    AidantModifie,
    HabilitationRetiree,
    LieuDetache,
    LieuRattache,
    QualificationEnregistree,
    StructureFermee,
    StructureModifiee,
    StructureRecensee,
)
from domain.acteurs.referentiel import TYPES_AIDANT, TYPES_QUALIFICATION
from web.formulaires import FormulaireInvalide, command_id, liste, texte, version


def date_saisie(form: dict[str, Any], champ: str, erreurs: dict[str, str]) -> str | None:
    """An ISO date from a date field (or typed as JJ/MM/AAAA); None when empty."""
    saisie = texte(form, champ)
    if not saisie:
        return None
    if match := re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", saisie):
        jour, mois, annee = (int(g) for g in match.groups())
        saisie = f"{annee:04d}-{mois:02d}-{jour:02d}"
    try:
        return date.fromisoformat(saisie).isoformat()
    except ValueError:
        erreurs[champ] = f"Date invalide : « {saisie} ». Écrivez-la JJ/MM/AAAA (ex. 06/01/2025)."
        return None


def valeurs_saisies(form: dict[str, Any], champs: tuple[str, ...]) -> dict[str, str]:
    """A structure's or an aidant's form as typed, to show it again: its request id kept (a new
    one when it has none, so that a second post of the shown form is applied once)."""
    valeurs = {champ: texte(form, champ) for champ in champs}
    valeurs["command_id"] = texte(form, "command_id")[:36] or command_id({})
    valeurs["version"] = texte(form, "version")
    return valeurs


def fiche_saisie(
    form: dict[str, Any], champs: tuple[str, ...], obligatoires: tuple[str, ...]
) -> dict[str, Any]:
    """A structure's or an aidant's form: every required field filled, the others empty as
    None."""
    valeurs = valeurs_saisies(form, champs)
    manquants = {c: "Ce champ est obligatoire." for c in obligatoires if not valeurs[c]}
    if manquants:
        raise FormulaireInvalide(manquants)
    return {c: valeurs[c] or None for c in champs} | {"command_id": command_id(valeurs)}


def fin_saisie(form: dict[str, Any], champ_motif: str) -> dict[str, Any]:
    """Closing a structure or deactivating an aidant: the version seen, and an optional
    reason."""
    return {
        "command_id": command_id(form),
        "version": version(form),
        "motif": texte(form, champ_motif)[:500],
    }


# --- the aidant page's forms: posted fields → the command's fields ---------------------------


def lire_effacement(form: dict[str, Any]) -> dict[str, Any]:
    """Erasing an aidant is final: the box saying so must be ticked."""
    if texte(form, "confirmation") != "oui":
        raise FormulaireInvalide(
            {
                "confirmation": "Cochez la case pour confirmer : l'effacement de l'identité est "
                "définitif."
            }
        )
    return fin_saisie(form, "motif_effacement") | {
        "motif": texte(form, "motif_effacement")[:500] or "effacement"
    }


def lire_affiliation(form: dict[str, Any]) -> dict[str, Any]:
    erreurs: dict[str, str] = {}
    debut = date_saisie(form, "debut", erreurs)
    fin = date_saisie(form, "fin", erreurs)
    if debut is None and "debut" not in erreurs:
        erreurs["debut"] = "Indiquez le premier jour de l'affiliation."
    if not texte(form, "structure_id"):
        erreurs["structure_id"] = "Choisissez une structure."
    if erreurs:
        raise FormulaireInvalide(erreurs)
    return {
        "command_id": command_id(form),
        "structure_id": texte(form, "structure_id"),
        "debut": debut,
        "fin": fin,
    }


def lire_fin_affiliation(form: dict[str, Any]) -> dict[str, Any]:
    erreurs: dict[str, str] = {}
    fin = date_saisie(form, "fin_affiliation", erreurs)
    if fin is None and not erreurs:
        erreurs["fin_affiliation"] = "Indiquez le dernier jour de l'affiliation."
    if erreurs:
        raise FormulaireInvalide(erreurs)
    return {"command_id": command_id(form), "structure_id": texte(form, "structure_id"), "fin": fin}


def lire_qualification(form: dict[str, Any]) -> dict[str, Any]:
    erreurs: dict[str, str] = {}
    obtenue_le = date_saisie(form, "obtenue_le", erreurs)
    expire_le = date_saisie(form, "expire_le", erreurs)
    if obtenue_le is None and "obtenue_le" not in erreurs:
        erreurs["obtenue_le"] = "Indiquez la date d'obtention."
    score_texte = texte(form, "score")
    if score_texte and not score_texte.isdigit():
        erreurs["score"] = "Le score est un nombre entier (ex. 512)."
    if erreurs:
        raise FormulaireInvalide(erreurs)
    return {
        "command_id": command_id(form),
        "type": texte(form, "type"),
        "obtenue_le": obtenue_le,
        "expire_le": expire_le,
        "libelle": texte(form, "libelle") or None,
        "score": int(score_texte) if score_texte else None,
    }


def lire_lieux(form: dict[str, Any]) -> dict[str, Any]:
    return {"command_id": command_id(form), "version": version(form), "lieux": liste(form, "lieux")}


def lire_retrait(form: dict[str, Any]) -> dict[str, Any]:
    if not texte(form, "motif"):
        raise FormulaireInvalide({"motif": "Indiquez la raison du retrait."})
    return {"command_id": command_id(form), "motif": texte(form, "motif")}


def lire_correction(form: dict[str, Any]) -> dict[str, Any]:
    erreurs: dict[str, str] = {}
    corps: dict[str, Any] = {"command_id": command_id(form), "motif": texte(form, "motif")}
    for champ in ("version", "qualification", "score"):
        valeur = texte(form, champ)
        if valeur and not valeur.isdigit():
            erreurs[champ] = "Indiquez un nombre entier (ex. 512)."
        elif valeur:
            corps[champ] = int(valeur)
    for champ in ("obtenue_le", "expire_le"):
        jour = date_saisie(form, champ, erreurs)
        if jour is not None:
            corps[champ] = jour
    if not corps["motif"]:
        erreurs["motif"] = "Indiquez la raison de la correction."
    if erreurs:
        raise FormulaireInvalide(erreurs)
    return corps


def lire_annulation(form: dict[str, Any]) -> dict[str, Any]:
    if not texte(form, "motif"):
        raise FormulaireInvalide({"motif": "Indiquez la raison de l'annulation."})
    corps: dict[str, Any] = {"command_id": command_id(form), "motif": texte(form, "motif")}
    for champ in ("version", "qualification"):
        if texte(form, champ).isdigit():
            corps[champ] = int(texte(form, champ))
    return corps


def lire_desactivation(form: dict[str, Any]) -> dict[str, Any]:
    return fin_saisie(form, "motif_desactivation")


# --- history ---------------------------------------------------------------------------------


class LigneHistorique(msgspec.Struct, frozen=True, kw_only=True):
    quand: datetime
    qui: str
    quoi: str


def _jour(valeur: date | None) -> str:
    return valeur.strftime("%d/%m/%Y") if valeur else ""


def decrire(event: Any, noms: dict[UUID, str]) -> str:
    """One event of a structure's or an aidant's history, in French. `noms` names the places
    and structures the events point to, when known."""
    kind = type(event)
    if kind is StructureRecensee:
        return f"Structure recensée : « {event.nom} » ({event.type_structure}), SIRET {event.siret}"
    if kind is StructureModifiee:
        return "Fiche modifiée : " + ", ".join(
            f"{k} → {v if v is not None else '(vide)'}" for k, v in event.champs_modifies().items()
        )
    if kind is StructureFermee:
        return "Structure fermée" + (f" : {event.motif}" if event.motif else "")
    if kind is LieuRattache:
        return f"Lieu rattaché : {noms.get(event.lieu_id, event.lieu_id)}"
    if kind is LieuDetache:
        return f"Lieu détaché : {noms.get(event.lieu_id, event.lieu_id)}"
    if kind is AidantEnregistre:
        return (
            f"Aidant enregistré : {event.prenom} {event.nom} "
            f"({TYPES_AIDANT.get(event.type_aidant, event.type_aidant)})"
        )
    if kind is AidantModifie:
        champs = event.champs_modifies()
        if "type_aidant" in champs:
            champs["type_aidant"] = TYPES_AIDANT.get(str(champs["type_aidant"]), "?")
        if "lieux" in champs:
            champs["lieux"] = ", ".join(str(noms.get(i, i)) for i in event.lieux) or "aucun"
        return "Fiche modifiée : " + ", ".join(
            f"{k} → {v if v is not None else '(vide)'}" for k, v in champs.items()
        )
    if kind is AidantDesactive:
        return "Aidant désactivé" + (f" : {event.motif}" if event.motif else "")
    if kind is AidantEfface:
        return f"Identité effacée (nom, e-mail, téléphone) : {event.motif}"
    if kind is AidantAffilie:
        fin = f" au {_jour(event.fin)}" if event.fin else ""
        structure = noms.get(event.structure_id, event.structure_id)
        return f"Affilié à « {structure} » à partir du {_jour(event.debut)}{fin}"
    if kind is AffiliationTerminee:
        structure = noms.get(event.structure_id, event.structure_id)
        return f"Affiliation à « {structure} » terminée le {_jour(event.fin)}"
    if kind is QualificationEnregistree:
        quoi = TYPES_QUALIFICATION.get(event.type, event.type)
        details = [f"obtenue le {_jour(event.obtenue_le)}"]
        if event.libelle:
            details.insert(0, event.libelle)
        if event.score is not None:
            details.append(f"score {event.score}")
        if event.expire_le:
            details.append(f"expire le {_jour(event.expire_le)}")
        return f"Qualification enregistrée : {quoi} ({', '.join(details)})"
    if kind is AidantHabiliteAidantsConnect:
        fin = f", jusqu'au {_jour(event.expire_le)}" if event.expire_le else ""
        return f"Habilité Aidants Connect (formation et test PIX validés){fin}"
    if kind is HabilitationRetiree:
        return f"Habilitation Aidants Connect retirée : {event.motif}"
    return type(event).__name__


def historique(events: list[Any], noms: dict[UUID, str]) -> list[LigneHistorique]:
    """Most recent first."""
    return [
        LigneHistorique(quand=e.timestamp, qui=e.auteur, quoi=decrire(e, noms))
        for e in reversed(events)
    ]
