"""Correcting and cancelling an aidant's qualifications: new events with their reason (the
history keeps what was recorded first), and the Aidants Connect habilitation follows."""

from __future__ import annotations

import msgspec

from domain.acteurs.commands import AnnulerQualification, CorrigerQualification
from domain.acteurs.decide_aidants import (
    _aidant_actif,
    _expiration_valide,
    _score,
    habilitation_due,
)
from domain.acteurs.events import HabilitationRetiree, QualificationAnnulee, QualificationCorrigee
from domain.acteurs.referentiel import TYPES_QUALIFICATION
from domain.acteurs.state import Aidant, Qualification, evolve_aidant
from domain.acteurs.validation import date_passee, texte_obligatoire
from domain.base import Contexte, Evenement, suivant, valeur
from domain.errors import DomainError


def corriger_qualification(
    aidant: Aidant | None, commande: CorrigerQualification, ctx: Contexte
) -> list[Evenement]:
    aidant = _aidant_actif(aidant, commande.version)
    avant = _qualification(aidant, commande.qualification)
    motif = texte_obligatoire(commande.motif, "motif", "la raison de la correction")
    obtenue_le = date_passee(
        valeur(commande.obtenue_le, avant.obtenue_le),
        ctx.aujourdhui,
        "obtenue_le",
        "d'obtention",
    )
    expire_le = valeur(commande.expire_le, avant.expire_le)
    _expiration_valide(obtenue_le, expire_le)
    score = _score(avant.type, valeur(commande.score, avant.score))
    if (obtenue_le, expire_le, score) == (avant.obtenue_le, avant.expire_le, avant.score):
        raise DomainError(
            "Cette correction ne change rien : indiquez la date ou le score corrects.", "score"
        )
    correction = suivant(
        QualificationCorrigee,
        aidant,
        ctx,
        qualification=avant.enregistree_a,
        type=avant.type,
        ancienne_obtention=avant.obtenue_le,
        obtenue_le=obtenue_le,
        expire_le=expire_le,
        libelle=avant.libelle,
        score=score,
        motif=motif,
    )
    return [correction, *_habilitation_suivie(evolve_aidant(aidant, correction), ctx, motif)]


def annuler_qualification(
    aidant: Aidant | None, commande: AnnulerQualification, ctx: Contexte
) -> list[Evenement]:
    aidant = _aidant_actif(aidant, commande.version)
    avant = _qualification(aidant, commande.qualification)
    motif = texte_obligatoire(commande.motif, "motif", "la raison de l'annulation")
    annulation = suivant(
        QualificationAnnulee,
        aidant,
        ctx,
        qualification=avant.enregistree_a,
        type=avant.type,
        obtenue_le=avant.obtenue_le,
        libelle=avant.libelle,
        motif=motif,
    )
    return [annulation, *_habilitation_suivie(evolve_aidant(aidant, annulation), ctx, motif)]


def _habilitation_suivie(aidant: Aidant, ctx: Contexte, motif: str) -> list[Evenement]:
    """Withdrawn when the conditions no longer hold, given when they now do."""
    sans = msgspec.structs.replace(aidant, habilite_aidants_connect=False)
    due = habilitation_due(sans, ctx)
    if aidant.habilite_aidants_connect and due is None:
        return [
            suivant(
                HabilitationRetiree,
                aidant,
                ctx,
                motif=f"Qualification corrigée ou annulée : {motif}",
                automatique=True,
            )
        ]
    if not aidant.habilite_aidants_connect and due is not None:
        return [due]
    return []


def _qualification(aidant: Aidant, numero: int) -> Qualification:
    for qualification in aidant.qualifications:
        if qualification.enregistree_a == numero:
            return qualification
    connues = ", ".join(
        f"n° {q.enregistree_a} ({TYPES_QUALIFICATION.get(q.type, q.type)})"
        for q in aidant.qualifications
    )
    raise DomainError(
        f"Cet aidant n'a pas de qualification n° {numero} (ou elle a été annulée). "
        f"Qualifications : {connues or 'aucune'}.",
        "qualification",
    )
