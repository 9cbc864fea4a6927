"""Rules for aidants: identity, affiliations over periods, qualifications and the Aidants
Connect habilitation they lead to."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any
from uuid import UUID

import msgspec

from domain.acteurs.commands import (
    AffilierAidant,
    DesactiverAidant,
    EffacerAidant,
    EnregistrerAidant,
    EnregistrerQualification,
    ModifierAidant,
    RetirerHabilitation,
    TerminerAffiliation,
)
from domain.acteurs.events import (
    IDENTITE_AIDANT,
    AffiliationTerminee,
    AidantAffilie,
    AidantDesactive,
    AidantEfface,
    AidantEnregistre,
    AidantHabiliteAidantsConnect,
    AidantModifie,
    HabilitationRetiree,
    QualificationEnregistree,
)
from domain.acteurs.referentiel import (
    CONDITIONS_HABILITATION,
    LABEL,
    LIBELLES_LABEL,
    SCORE_PIX_MAX,
    TEST_PIX_AIDANTS_CONNECT,
    TYPES_AIDANT,
    TYPES_QUALIFICATION,
)
from domain.acteurs.state import Aidant, Structure, evolve_aidant
from domain.acteurs.validation import (
    courriel_valide,
    date_passee,
    lieux_valides,
    parmi,
    texte_facultatif,
    texte_obligatoire,
)
from domain.base import Contexte, Evenement, a_jour, changements, premier, suivant
from domain.errors import Conflit, DomainError, Erreurs, cles_et_libelles, valeur_inconnue
from domain.lieux.standard import valider_telephone

_INTROUVABLE = "Cet aidant n'existe pas dans le registre."


def type_aidant_valide(texte: str) -> str:
    """The type's id; its French label is accepted too (« Bénévole » → benevole)."""
    par_libelle = {libelle.casefold(): cle for cle, libelle in TYPES_AIDANT.items()}
    cle = par_libelle.get(texte.strip().casefold(), texte.strip())
    if cle not in TYPES_AIDANT:
        raise valeur_inconnue(
            "Type d'aidant inconnu", texte, cles_et_libelles(TYPES_AIDANT), "type_aidant", " ; "
        )
    return cle


# The rule of each field of an aidant's record, in the order its refusals are told (the
# places, which need the registry, come last).
_REGLES: dict[str, Callable[[Any], Any]] = {
    "prenom": lambda texte: texte_obligatoire(texte, "prenom", "le prénom de l'aidant"),
    "nom": lambda texte: texte_obligatoire(texte, "nom", "le nom de famille de l'aidant"),
    "type_aidant": type_aidant_valide,
    "email": lambda texte: courriel_valide(texte, "email"),
    "telephone": valider_telephone,
    "compte": lambda texte: courriel_valide(texte, "compte"),
}


def enregistrer_aidant(
    aidant_id: UUID, commande: EnregistrerAidant, lieux_ouverts: Mapping[UUID, bool], ctx: Contexte
) -> list[AidantEnregistre]:
    erreurs = Erreurs()
    champs = erreurs.champs(commande, _REGLES)
    champs["lieux"] = erreurs.essayer(lieux_valides, commande.lieux, lieux_ouverts)
    erreurs.lever()  # every refused field told at once
    return [premier(AidantEnregistre, aidant_id, ctx, **champs)]


def modifier_aidant(
    aidant: Aidant | None,
    commande: ModifierAidant,
    lieux_ouverts: Mapping[UUID, bool],
    ctx: Contexte,
) -> list[AidantModifie]:
    aidant = _aidant_actif(aidant, commande.version)
    erreurs = Erreurs()
    changes = erreurs.champs(commande, _REGLES)
    if commande.lieux is not msgspec.UNSET:
        changes["lieux"] = erreurs.essayer(
            lieux_valides, commande.lieux, lieux_ouverts, aidant.lieux
        )
    erreurs.lever()
    effective = changements(aidant, changes)
    identite = [k for k in IDENTITE_AIDANT if k in effective]
    if aidant.efface and identite:
        raise DomainError(
            "L'identité de cet aidant a été effacée : elle ne peut plus être saisie. "
            "Enregistrez un nouvel aidant si la personne revient.",
            identite[0],
        )
    if not effective:
        return []
    return [suivant(AidantModifie, aidant, ctx, **effective)]


def desactiver_aidant(
    aidant: Aidant | None, commande: DesactiverAidant, ctx: Contexte
) -> list[AidantDesactive]:
    aidant = _aidant_actif(aidant, commande.version)
    return [suivant(AidantDesactive, aidant, ctx, motif=texte_facultatif(commande.motif) or "")]


def effacer_aidant(
    aidant: Aidant | None, commande: EffacerAidant, ctx: Contexte
) -> list[AidantEfface]:
    """A deactivated aidant may be erased too (they left: the usual case)."""
    aidant = a_jour(aidant, commande.version, _INTROUVABLE, "aidant_id")
    if aidant.efface:
        raise DomainError("L'identité de cet aidant est déjà effacée.", "aidant_id")
    motif = texte_facultatif(commande.motif) or "effacement"
    return [suivant(AidantEfface, aidant, ctx, motif=motif)]


def affilier_aidant(
    aidant: Aidant | None,
    commande: AffilierAidant,
    structure: Structure | None,
    ctx: Contexte,
) -> list[AidantAffilie]:
    aidant = _aidant_actif(aidant, None)
    if structure is None or structure.id != commande.structure_id:
        raise DomainError(
            f"La structure {commande.structure_id} n'existe pas dans le registre : choisissez "
            "une structure recensée (liste : /structures).",
            "structure_id",
        )
    if structure.fermee:
        raise DomainError(
            f"La structure « {structure.nom} » est fermée : on ne peut plus y affilier d'aidant.",
            "structure_id",
        )
    _periode_valide(commande.debut, commande.fin)
    for affiliation in aidant.affiliations:
        if affiliation.structure_id == commande.structure_id and affiliation.chevauche(
            commande.debut, commande.fin
        ):
            if (affiliation.debut, affiliation.fin) == (commande.debut, commande.fin):
                return []  # the very same period, recorded again
            jusqua = f"au {affiliation.fin:%d/%m/%Y}" if affiliation.fin else "sans date de fin"
            raise DomainError(
                f"Cet aidant est déjà affilié à « {structure.nom} » du "
                f"{affiliation.debut:%d/%m/%Y} {jusqua} : les périodes ne peuvent pas se "
                "chevaucher. Terminez d'abord l'affiliation en cours, ou choisissez "
                "d'autres dates.",
                "debut",
            )
    return [
        suivant(
            AidantAffilie,
            aidant,
            ctx,
            structure_id=commande.structure_id,
            debut=commande.debut,
            fin=commande.fin,
        )
    ]


def terminer_affiliation(
    aidant: Aidant | None, commande: TerminerAffiliation, ctx: Contexte
) -> list[AffiliationTerminee]:
    aidant = _aidant_actif(aidant, None)
    ouvertes = [
        a for a in aidant.affiliations if a.structure_id == commande.structure_id and a.fin is None
    ]
    if not ouvertes:
        raise DomainError(
            "Cet aidant n'a pas d'affiliation sans date de fin avec cette structure : "
            "rien à terminer.",
            "structure_id",
        )
    affiliation = ouvertes[0]
    _periode_valide(affiliation.debut, commande.fin)
    return [
        suivant(
            AffiliationTerminee,
            aidant,
            ctx,
            structure_id=commande.structure_id,
            debut=affiliation.debut,
            fin=commande.fin,
        )
    ]


def enregistrer_qualification(
    aidant: Aidant | None, commande: EnregistrerQualification, ctx: Contexte
) -> list[Evenement]:
    """The qualification, and the habilitation when it completes the conditions. The same
    type on the same date again (and the same label, for labels) is a no-op."""
    aidant = _aidant_actif(aidant, None)
    aujourdhui = ctx.aujourdhui
    type_ = _type_qualification(commande.type)
    obtenue_le = date_passee(commande.obtenue_le, aujourdhui, "obtenue_le", "d'obtention")
    _expiration_valide(obtenue_le, commande.expire_le)
    libelle = _libelle(type_, commande.libelle)
    score = _score(type_, commande.score)
    for deja in aidant.qualifications:
        if (deja.type, deja.obtenue_le) == (type_, obtenue_le) and (
            type_ != LABEL or deja.libelle == libelle
        ):
            # What the command leaves out is not said to differ: the same again is a retry.
            if score in (None, deja.score) and commande.expire_le in (None, deja.expire_le):
                return []
            raise Conflit(
                f"Cette qualification ({TYPES_QUALIFICATION[type_]} du {obtenue_le:%d/%m/%Y}) "
                f"est déjà enregistrée (n° {deja.enregistree_a}, score "
                f"{deja.score if deja.score is not None else 'non indiqué'}, expiration "
                f"{f'{deja.expire_le:%d/%m/%Y}' if deja.expire_le else 'aucune'}) : pour "
                "changer ses valeurs, corrigez-la en donnant le motif.",
                "qualification",
            )
    qualification = suivant(
        QualificationEnregistree,
        aidant,
        ctx,
        type=type_,
        obtenue_le=obtenue_le,
        expire_le=commande.expire_le,
        libelle=libelle,
        score=score,
    )
    events: list[Evenement] = [qualification]
    habilitation = habilitation_due(evolve_aidant(aidant, qualification), ctx)
    if habilitation is not None:
        events.append(habilitation)
    return events


def habilitation_due(aidant: Aidant, ctx: Contexte) -> AidantHabiliteAidantsConnect | None:
    """The habilitation event when the aidant holds a valid Aidants Connect training and PIX
    test and is not habilitated yet (or their habilitation has lapsed). Qualifications recorded
    before a withdrawal do not count: a withdrawn habilitation is only given back on new ones."""
    aujourdhui = ctx.aujourdhui
    if aidant.habilite_aidants_connect and (
        aidant.habilitation_expire_le is None or aujourdhui <= aidant.habilitation_expire_le
    ):
        return None
    expirations: list[date | None] = []
    for condition in CONDITIONS_HABILITATION:
        valides = [
            q
            for q in aidant.qualifications
            if q.type == condition
            and q.enregistree_a > aidant.retrait_habilitation_a
            and q.valide_le(aujourdhui)
            and q.reussie
        ]
        if not valides:
            return None
        # The one lasting longest carries the condition.
        expirations.append(
            None
            if any(q.expire_le is None for q in valides)
            else max(q.expire_le for q in valides if q.expire_le is not None)
        )
    bornes = [e for e in expirations if e is not None]
    return suivant(
        AidantHabiliteAidantsConnect,
        aidant,
        ctx,
        le=aujourdhui,
        expire_le=min(bornes) if bornes else None,
    )


def retirer_habilitation(
    aidant: Aidant | None, commande: RetirerHabilitation, ctx: Contexte
) -> list[HabilitationRetiree]:
    aidant = _aidant_actif(aidant, None)
    if not aidant.habilite_aidants_connect:
        raise DomainError(
            "Cet aidant n'est pas habilité Aidants Connect : il n'y a rien à retirer.",
            "habilitation",
        )
    motif = texte_obligatoire(commande.motif, "motif", "la raison du retrait")
    return [suivant(HabilitationRetiree, aidant, ctx, motif=motif)]


def _type_qualification(texte: str) -> str:
    if texte in TYPES_QUALIFICATION:
        return texte
    raise valeur_inconnue(
        "Type de qualification inconnu", texte, cles_et_libelles(TYPES_QUALIFICATION), "type", " ; "
    )


def _libelle(type_: str, libelle: str | None) -> str | None:
    if type_ == LABEL:
        if not libelle or not libelle.strip():
            raise DomainError(
                "Pour un label, indiquez son libellé : " + " ; ".join(LIBELLES_LABEL) + ".",
                "libelle",
            )
        # The standard's spelling, whatever the apostrophes or the spaced La Poste variant.
        return parmi(
            libelle.replace("numériques (La", "numériques(La"), LIBELLES_LABEL, "libelle", "Label"
        )
    return texte_facultatif(libelle)


def _score(type_: str, score: int | None) -> int | None:
    if score is None:
        return None
    if type_ != TEST_PIX_AIDANTS_CONNECT:
        raise DomainError(
            "Un score ne s'indique que pour le test PIX Aidants Connect : laissez-le vide.",
            "score",
        )
    if not 0 <= score <= SCORE_PIX_MAX:
        raise DomainError(
            f"Score PIX impossible : {score}. Il est compris entre 0 et {SCORE_PIX_MAX}.", "score"
        )
    return score


def _periode_valide(debut: date, fin: date | None) -> None:
    if fin is not None and fin < debut:
        raise DomainError(
            f"La date de fin ({fin:%d/%m/%Y}) précède la date de début ({debut:%d/%m/%Y}) : "
            "la fin doit être le même jour ou après.",
            "fin",
        )


def _expiration_valide(obtenue_le: date, expire_le: date | None) -> None:
    """A qualification, recorded or corrected, cannot expire before it was obtained."""
    if expire_le is not None and expire_le < obtenue_le:
        raise DomainError(
            f"La date d'expiration ({expire_le:%d/%m/%Y}) précède la date d'obtention "
            f"({obtenue_le:%d/%m/%Y}) : corrigez l'une ou l'autre.",
            "expire_le",
        )


def _aidant_actif(aidant: Aidant | None, version_attendue: int | None) -> Aidant:
    aidant = a_jour(aidant, version_attendue, _INTROUVABLE, "aidant_id")
    if aidant.desactive:
        raise DomainError(
            "Cet aidant a été désactivé : sa fiche ne peut plus être modifiée.", "aidant_id"
        )
    return aidant
