"""The beneficiary form read back into commands, and a record's history told in French."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import UUID, uuid4

import msgspec

from domain.base import Contexte
from domain.beneficiaires.commands import EnregistrerBeneficiaire, ModifierBeneficiaire
from domain.beneficiaires.decide import enregistrer_beneficiaire
from domain.beneficiaires.events import (
    BeneficiaireAnonymise,
    BeneficiaireEnregistre,
    IdentiteModifiee,
    ProfilModifie,
)
from domain.beneficiaires.referentiel import NON_COMMUNIQUE
from domain.errors import DomainError
from mednum.services.beneficiaires import Beneficiaires
from mednum.services.executeur import Resultat
from web.formulaires import (
    FormulaireInvalide,
    command_id,
    commune_lue,
    erreurs_de,
    erreurs_des_champs,
    texte,
)

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


def _saisie(valeurs: dict[str, Any], cls: type[Any], *autres: str) -> dict[str, Any]:
    """Fields left on « Non renseigné » are stored as La Coop's `non_communique`; the commune
    is typed by name or postcode and sent as its INSEE code. An unreadable field is reported
    with every other refusal of the form at once (the domain's rules run on the rest)."""
    corps: dict[str, Any] = {c: valeurs[c] or None for c in (*PROFIL, *IDENTITE)}
    corps["genre"] = corps["genre"] or NON_COMMUNIQUE
    corps["statut_social"] = corps["statut_social"] or NON_COMMUNIQUE
    erreurs: dict[str, str] = {}
    corps["commune_residence"] = commune_lue(
        valeurs["commune_residence"], "commune_residence", erreurs
    )
    cases = ("command_id", "consentement", "deja_accompagne", *autres)
    corps |= {c: valeurs[c] for c in cases}
    erreurs |= erreurs_des_champs(corps, cls)
    if erreurs:
        raise FormulaireInvalide(erreurs | _refus_des_regles(corps, erreurs, valeurs["suivi"]))
    return corps


def _refus_des_regles(
    corps: dict[str, Any], erreurs: dict[str, str], suivi: bool
) -> dict[str, str]:
    """The domain's refusals of the fields that could be read. A correction is checked as a
    new record of the same person (recording it checks everything again, consent included)."""
    lisibles = {c: v for c, v in corps.items() if c in PROFIL + IDENTITE and c not in erreurs}
    suivi = suivi or ("version" in corps and any(lisibles.get(c) for c in IDENTITE))
    consentement = bool(corps["consentement"]) or "version" in corps
    try:
        commande = msgspec.convert(
            lisibles | {"suivi": suivi, "consentement": consentement, "command_id": uuid4()},
            EnregistrerBeneficiaire,
            strict=False,
        )
        ctx = Contexte(auteur="", maintenant=datetime.now(UTC))
        enregistrer_beneficiaire(uuid4(), commande, True, ctx)
    except msgspec.ValidationError:
        return {}
    except DomainError as refus:
        return {c: m for c, m in erreurs_de(refus).items() if c not in erreurs}
    return {}


def lire_enregistrement(form: dict[str, Any]) -> dict[str, Any]:
    return _saisie(valeurs_de(form), EnregistrerBeneficiaire, "suivi")


def lire_modification(form: dict[str, Any]) -> dict[str, Any]:
    return _saisie(valeurs_de(form), ModifierBeneficiaire, "version")


def lire_effacement(form: dict[str, Any]) -> dict[str, Any]:
    return {"command_id": command_id(form)}


def modifier_ce_qui_change(
    service: Beneficiaires,
    beneficiaire_id: UUID | None,
    commande: ModifierBeneficiaire,
    auteur: str,
) -> Resultat:
    """The form sends every field; only those that differ from the record are changed (so an
    erased person's empty identity fields are not taken for a new identity)."""
    assert beneficiaire_id is not None
    if (actuel := service.beneficiaire(beneficiaire_id)) is not None:
        fiche = msgspec.structs.asdict(actuel.profil)
        fiche |= msgspec.structs.asdict(actuel.identite) if actuel.identite else {}
        inchanges = {c: msgspec.UNSET for c in CHAMPS if getattr(commande, c) == fiche.get(c)}
        commande = msgspec.structs.replace(commande, **inchanges)
    return service.modifier(beneficiaire_id, commande, auteur)


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
