"""The activity form, both ways: posted fields → the command's values (with French errors
next to each field), and a recorded activity → the form's values (to correct or duplicate).

Field names are the command's, except: `duree_autre` (a duration typed instead of a quick
pick), `oriente_vers_structure` ("oui"), the anonymous person's profile under `profil_*`, and
a workshop's anonymous counts under `p_total`, `p_deja`, `p_genre_<v>`, `p_tranche_<v>`,
`p_statut_<v>`."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID, uuid4

import msgspec

from domain.activites.commands import EnregistrerActivite
from domain.activites.decide import compte_rendu_brut
from domain.activites.events import CompteRendu
from domain.activites.preferences import Preferences
from domain.activites.referentiel import AVEC_COMMUNE, DUREE_MIN, LIEU_DU_REGISTRE
from domain.activites.regles import PARIS, Verifications, valider
from domain.base import Contexte
from domain.beneficiaires.referentiel import GENRES, STATUTS_SOCIAUX, TRANCHES_AGE
from domain.errors import DomainError
from web.formulaires import (
    FormulaireInvalide,
    commune_lue,
    entier_lu,
    erreurs_de,
    libelle_commune,
    liste,
    texte,
)

TEXTES = (
    "type",
    "date",
    "duree",
    "duree_autre",
    "type_lieu",
    "lieu_id",
    "commune",
    "precisions_demarche",
    "notes",
    "motif_retard",
    "tags",
    "autonomie",
    "oriente_vers_structure",
    "structure_de_redirection",
    "beneficiaire_id",
    "profil_genre",
    "profil_tranche_age",
    "profil_annee_naissance",
    "profil_statut_social",
    "profil_commune_residence",
    "profil_deja_accompagne",
    "titre_atelier",
    "niveau",
    "p_total",
    "p_deja",
    "command_id",
    "version",
    "retour_beneficiaire",
    "nouveau_prenom",
    "nouveau_nom",
    "nouveau_telephone",
    "nouveau_courriel",
    "nouveau_consentement",
    "aucun_doublon",
)
LISTES = ("materiel", "thematiques", "beneficiaires")
# A workshop's anonymous counts: form prefix → (the command's key, the referential).
CATEGORIES = {
    "p_genre_": ("genres", GENRES),
    "p_tranche_": ("tranches_age", TRANCHES_AGE),
    "p_statut_": ("statuts_sociaux", STATUTS_SOCIAUX),
}
NON_COMMUNIQUE = "non_communique"


def champs_comptes() -> list[str]:
    return [
        prefixe + valeur
        for prefixe, (_cle, referentiel) in CATEGORIES.items()
        for valeur in referentiel
        if valeur != NON_COMMUNIQUE
    ]


def valeurs_postees(form: dict[str, Any]) -> dict[str, Any]:
    valeurs: dict[str, Any] = {champ: texte(form, champ) for champ in (*TEXTES, *champs_comptes())}
    valeurs |= {champ: liste(form, champ) for champ in LISTES}
    valeurs["command_id"] = valeurs["command_id"][:36]
    return valeurs


def champs_lieu(
    type_lieu: str, lieu_id: str, commune: str, erreurs: dict[str, str]
) -> dict[str, Any]:
    """Only the place the type of place needs is sent: the form keeps both filled. The
    commune is typed by name or postcode and sent as its INSEE code."""
    return {
        "type_lieu": type_lieu,
        "lieu_id": (lieu_id or None) if type_lieu == LIEU_DU_REGISTRE else None,
        "commune": commune_lue(commune, "commune", erreurs) if type_lieu in AVEC_COMMUNE else None,
    }


def valeurs_commande(valeurs: dict[str, Any]) -> dict[str, Any]:
    """The command's fields (for EnregistrerActivite or CorrigerActivite), or
    FormulaireInvalide when a number or date cannot be read. The rules are the domain's."""
    erreurs: dict[str, str] = {}
    lire_duree = valeurs["duree_autre"] or valeurs["duree"]
    duree = entier_lu(
        lire_duree, "duree", "Indiquez la durée en minutes (un nombre entier).", erreurs
    )
    if duree is None and "duree" not in erreurs:
        erreurs["duree"] = "Choisissez une durée."
    if not valeurs["date"]:
        erreurs["date"] = "Indiquez la date de l'activité."
    commande: dict[str, Any] = {
        "date": valeurs["date"],
        "duree": duree,
        **champs_lieu(valeurs["type_lieu"], valeurs["lieu_id"], valeurs["commune"], erreurs),
        "materiel": valeurs["materiel"],
        "thematiques": valeurs["thematiques"],
        "precisions_demarche": valeurs["precisions_demarche"] or None,
        "notes": valeurs["notes"] or None,
        "motif_retard": valeurs["motif_retard"] or None,
        "tags": valeurs["tags"].split(","),  # the domain trims and drops the empty ones
    }
    if valeurs["type"] == "collectif":
        commande |= _collectif(valeurs, erreurs)
    else:
        commande |= _individuel(valeurs, erreurs)
    if erreurs:
        raise FormulaireInvalide(erreurs, commande | {"type": valeurs["type"]})
    return commande


def refus_des_regles(partiel: dict[str, Any], erreurs: dict[str, str]) -> dict[str, str]:
    """The domain's refusals of the fields that could be read, so that a form with an
    unreadable field still shows every other error at once. Only the pure rules run here
    (no place or person looked up): recording checks everything again."""
    maintenant = dt.datetime.now(PARIS)
    valeurs = partiel | {"command_id": str(uuid4())}
    if "date" in erreurs or not valeurs.get("date"):
        valeurs["date"] = maintenant.date().isoformat()
    if valeurs.get("duree") is None:
        valeurs["duree"] = DUREE_MIN
    try:
        commande = msgspec.convert(valeurs, EnregistrerActivite, strict=False)
        valider(
            compte_rendu_brut(commande),
            Verifications(controler=frozenset({"date"})),
            Contexte(auteur="", maintenant=maintenant),
        )
    except (msgspec.ValidationError, DomainError) as refus:
        autres = erreurs_de(refus) if isinstance(refus, DomainError) else {}
        return {champ: m for champ, m in autres.items() if champ.split(".")[0] not in erreurs}
    return {}


def _individuel(valeurs: dict[str, Any], erreurs: dict[str, str]) -> dict[str, Any]:
    beneficiaire_id = valeurs["beneficiaire_id"] or None
    champs: dict[str, Any] = {
        "autonomie": valeurs["autonomie"] or None,
        "oriente_vers_structure": valeurs["oriente_vers_structure"] == "oui",
        "structure_de_redirection": valeurs["structure_de_redirection"] or None,
        "beneficiaire_id": beneficiaire_id,
        "profil": None,
    }
    if beneficiaire_id is None:
        annee = entier_lu(
            valeurs["profil_annee_naissance"],
            "profil.annee_naissance",
            "Indiquez l'année de naissance en chiffres (ex. 1958).",
            erreurs,
        )
        profil: dict[str, Any] = {
            "genre": valeurs["profil_genre"] or NON_COMMUNIQUE,
            "tranche_age": valeurs["profil_tranche_age"] or NON_COMMUNIQUE,
            "statut_social": valeurs["profil_statut_social"] or NON_COMMUNIQUE,
            "commune_residence": commune_lue(
                valeurs["profil_commune_residence"], "profil.commune_residence", erreurs
            ),
            "deja_accompagne": valeurs["profil_deja_accompagne"] == "oui",
        }
        if annee is not None:
            profil["annee_naissance"] = annee
        champs["profil"] = profil
    return champs


def _collectif(valeurs: dict[str, Any], erreurs: dict[str, str]) -> dict[str, Any]:
    message = "Indiquez un nombre entier (0 ou plus)."
    total = entier_lu(valeurs["p_total"], "participants.total", message, erreurs) or 0
    deja = entier_lu(valeurs["p_deja"], "participants.deja_accompagne", message, erreurs) or 0
    participants: dict[str, Any] = {"total": total, "deja_accompagne": deja}
    for prefixe, (cle, referentiel) in CATEGORIES.items():
        comptes = {}
        for valeur in referentiel:
            if valeur == NON_COMMUNIQUE:
                continue
            nombre = entier_lu(valeurs[prefixe + valeur], f"participants.{cle}", message, erreurs)
            if nombre:
                comptes[valeur] = nombre
        participants[cle] = comptes
    return {
        "titre_atelier": valeurs["titre_atelier"] or None,
        "niveau": valeurs["niveau"] or None,
        "beneficiaires": valeurs["beneficiaires"],
        "participants": participants,
    }


def valeurs_habituelles(prefs: Preferences) -> dict[str, Any]:
    """Where and with what the mediator usually works, as a new session's form starts."""
    return {
        "type_lieu": prefs.type_lieu,
        "lieu_id": str(prefs.lieu_id or ""),
        "commune": libelle_commune(prefs.commune),
        "materiel": list(prefs.materiel),
    }


def valeurs_vides(type_activite: str, aujourdhui: dt.date) -> dict[str, Any]:
    valeurs: dict[str, Any] = {champ: "" for champ in (*TEXTES, *champs_comptes())}
    valeurs |= {champ: [] for champ in LISTES}
    return valeurs | {"type": type_activite, "date": aujourdhui.isoformat()}


def _texte_ou_vide(valeur: object) -> str:
    return "" if valeur is None else str(valeur)


def valeurs_depuis(cr: CompteRendu) -> dict[str, Any]:
    """A recorded activity as the form's values (to correct or duplicate it)."""
    valeurs = valeurs_vides(cr.type, cr.date)
    valeurs |= {
        "duree": str(cr.duree),
        "type_lieu": cr.type_lieu,
        "lieu_id": _texte_ou_vide(cr.lieu_id),
        "commune": libelle_commune(cr.commune),
        "materiel": list(cr.materiel),
        "thematiques": list(cr.thematiques),
        "precisions_demarche": _texte_ou_vide(cr.precisions_demarche),
        "notes": _texte_ou_vide(cr.notes),
        "motif_retard": _texte_ou_vide(cr.motif_retard),
        "tags": ", ".join(cr.tags),
        "autonomie": _texte_ou_vide(cr.autonomie),
        "oriente_vers_structure": "oui" if cr.oriente_vers_structure else "",
        "structure_de_redirection": _texte_ou_vide(cr.structure_de_redirection),
        "beneficiaire_id": _texte_ou_vide(cr.beneficiaire_id),
        "titre_atelier": _texte_ou_vide(cr.titre_atelier),
        "niveau": _texte_ou_vide(cr.niveau),
        "beneficiaires": [str(b) for b in cr.beneficiaires],
    }
    if cr.profil is not None:
        valeurs |= {
            "profil_genre": cr.profil.genre,
            "profil_tranche_age": cr.profil.tranche_age,
            "profil_annee_naissance": _texte_ou_vide(cr.profil.annee_naissance),
            "profil_statut_social": cr.profil.statut_social,
            "profil_commune_residence": libelle_commune(cr.profil.commune_residence),
            "profil_deja_accompagne": "oui" if cr.profil.deja_accompagne else "",
        }
    if cr.participants is not None:
        p = cr.participants
        valeurs |= {"p_total": str(p.total), "p_deja": str(p.deja_accompagne)}
        for prefixe, (cle, _referentiel) in CATEGORIES.items():
            for valeur, nombre in getattr(p, cle).items():
                if valeur != NON_COMMUNIQUE:
                    valeurs[prefixe + valeur] = str(nombre)
    return valeurs


def uuid_ou_none(texte_id: str) -> UUID | None:
    try:
        return UUID(texte_id) if texte_id else None
    except ValueError:
        return None
