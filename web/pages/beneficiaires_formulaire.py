"""The beneficiary form read back into commands, and a record's history told in French."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import msgspec

from domain.beneficiaires.commands import EnregistrerBeneficiaire, ModifierBeneficiaire
from domain.beneficiaires.events import (
    BeneficiaireAnonymise,
    BeneficiaireEnregistre,
    IdentiteModifiee,
    ProfilModifie,
)
from projections.beneficiaires_requetes import BeneficiaireVue
from web.formulaires import command_id, convertir, texte

PROFIL = ("genre", "tranche_age", "annee_naissance", "statut_social", "commune_residence")
IDENTITE = ("prenom", "nom", "telephone", "courriel", "notes")
CHAMPS = (*PROFIL, *IDENTITE, "deja_accompagne")
_MOTIFS = {"effacement": "à sa demande", "retention": "fin de la durée de conservation"}


class LigneHistorique(msgspec.Struct, frozen=True, kw_only=True):
    quand: datetime
    qui: str
    quoi: str


def valeurs_de(form: dict[str, Any]) -> dict[str, Any]:
    valeurs: dict[str, Any] = {champ: texte(form, champ) for champ in (*PROFIL, *IDENTITE)}
    for case in ("suivi", "consentement", "deja_accompagne"):
        valeurs[case] = bool(texte(form, case))
    valeurs["command_id"] = command_id(form)
    valeurs["version"] = texte(form, "version")
    return valeurs


def _saisie(valeurs: dict[str, Any]) -> dict[str, Any]:
    corps: dict[str, Any] = {c: valeurs[c] or None for c in (*PROFIL, *IDENTITE)}
    corps["genre"] = corps["genre"] or "non_communique"
    corps["statut_social"] = corps["statut_social"] or "non_communique"
    if corps["annee_naissance"] is not None:
        corps["annee_naissance"] = _entier(corps["annee_naissance"])
    return corps


def commande_enregistrer(valeurs: dict[str, Any]) -> EnregistrerBeneficiaire:
    corps = _saisie(valeurs) | {
        "command_id": valeurs["command_id"],
        "suivi": valeurs["suivi"],
        "consentement": valeurs["consentement"],
        "deja_accompagne": valeurs["deja_accompagne"],
    }
    commande: EnregistrerBeneficiaire = convertir(corps, EnregistrerBeneficiaire)
    return commande


def commande_modifier(valeurs: dict[str, Any], vue: BeneficiaireVue) -> ModifierBeneficiaire:
    """Only what differs from the record is sent: the rest stays as it is."""
    saisie = _saisie(valeurs) | {"deja_accompagne": valeurs["deja_accompagne"]}
    changes = {c: v for c, v in saisie.items() if v != getattr(vue, c)}
    corps = changes | {
        "command_id": valeurs["command_id"],
        "version": _entier(valeurs["version"]),
        "consentement": valeurs["consentement"],
    }
    commande: ModifierBeneficiaire = convertir(corps, ModifierBeneficiaire)
    return commande


def historique_beneficiaire(events: list[Any]) -> list[LigneHistorique]:
    lignes = []
    for e in events:
        if isinstance(e, BeneficiaireEnregistre):
            quoi = "enregistrement" + (" avec consentement au suivi" if e.consentement_le else "")
        elif isinstance(e, ProfilModifie):
            quoi = "informations statistiques modifiées"
        elif isinstance(e, IdentiteModifiee):
            quoi = "identité ou coordonnées modifiées"
        elif isinstance(e, BeneficiaireAnonymise):
            quoi = f"identité effacée ({_MOTIFS.get(e.motif, e.motif)})"
        else:
            continue
        lignes.append(LigneHistorique(quand=e.timestamp, qui=e.auteur, quoi=quoi))
    return list(reversed(lignes))


def _entier(valeur: Any) -> Any:
    try:
        return int(str(valeur))
    except ValueError:
        return valeur  # left for msgspec to refuse, naming the field
