"""Rules for funding applications: decide(state, command, …) -> events, or a refusal in
French naming the field."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import msgspec

from domain.acteurs.validation import date_passee, texte_facultatif, texte_obligatoire
from domain.base import Contexte, Evenement, a_jour, changements, premier, suivant
from domain.errors import DomainError, cles_et_libelles, valeur_inconnue
from domain.financements.commands import (
    AccorderFinancement,
    DeposerFinancement,
    ModifierFinancement,
    RefuserFinancement,
)
from domain.financements.events import (
    FinancementAccorde,
    FinancementDepose,
    FinancementModifie,
    FinancementRefuse,
)
from domain.financements.referentiel import DEPOSE, MONTANT_MAX, SOURCES, STATUTS
from domain.financements.state import Financement

DATE_MIN = date(2000, 1, 1)
DUREE_MAX_ANS = 10


def montant_valide(centimes: int, champ: str) -> int:
    if centimes <= 0:
        raise DomainError(
            f"Le champ « {champ} » doit être un montant positif, en centimes "
            "(ex. 2500000 pour 25 000 €).",
            champ,
        )
    if centimes > MONTANT_MAX:
        raise DomainError(
            f"Le champ « {champ} » dépasse {MONTANT_MAX // 100:,} € : ".replace(",", " ")
            + "vérifiez le montant (il s'écrit en centimes : 2500000 pour 25 000 €).",
            champ,
        )
    return centimes


def _source(source: str) -> str:
    if source not in SOURCES:
        raise valeur_inconnue(
            "Source de financement inconnue", source, cles_et_libelles(SOURCES), "source", " ; "
        )
    return source


def _date(jour: date, champ: str) -> date:
    if jour < DATE_MIN:
        raise DomainError(
            f"La date « {champ} » ({jour:%d/%m/%Y}) est trop ancienne : vérifiez l'année.", champ
        )
    return jour


def _coherence(
    date_depot: date, periode_debut: date, periode_fin: date, decision: date | None
) -> None:
    if periode_fin < periode_debut:
        raise DomainError(
            f"La fin de la période couverte ({periode_fin:%d/%m/%Y}) précède son début "
            f"({periode_debut:%d/%m/%Y}) : corrigez l'une des deux dates.",
            "periode_fin",
        )
    if (periode_fin - periode_debut).days > DUREE_MAX_ANS * 366:
        raise DomainError(
            f"La période couverte dépasse {DUREE_MAX_ANS} ans : vérifiez ses dates.",
            "periode_fin",
        )
    if decision is not None and decision < date_depot:
        raise DomainError(
            f"La date de décision ({decision:%d/%m/%Y}) précède la date de dépôt "
            f"({date_depot:%d/%m/%Y}) : corrigez l'une des deux dates.",
            "date_decision",
        )


def _structure(existe: bool) -> None:
    if not existe:
        raise DomainError(
            "Cette structure n'existe pas dans le registre : choisissez une structure recensée "
            "(liste : /structures).",
            "structure_id",
        )


def deposer(
    financement_id: UUID, commande: DeposerFinancement, structure_existe: bool, ctx: Contexte
) -> list[Evenement]:
    aujourdhui = ctx.aujourdhui
    date_depot = date_passee(
        _date(commande.date_depot, "date_depot"), aujourdhui, "date_depot", "de dépôt"
    )
    _coherence(
        date_depot,
        _date(commande.periode_debut, "periode_debut"),
        commande.periode_fin,
        None,
    )
    _structure(structure_existe)
    return [
        premier(
            FinancementDepose,
            financement_id,
            ctx,
            source=_source(commande.source),
            financeur=texte_obligatoire(
                commande.financeur, "financeur", "le nom du financeur (ex. Conseil régional BFC)"
            ),
            objet=texte_obligatoire(commande.objet, "objet", "l'objet du dossier"),
            montant_demande=montant_valide(commande.montant_demande, "montant_demande"),
            structure_id=commande.structure_id,
            date_depot=date_depot,
            periode_debut=commande.periode_debut,
            periode_fin=commande.periode_fin,
            fonctionnement_hub=commande.fonctionnement_hub,
            fleche_accompagnement=commande.fleche_accompagnement,
        )
    ]


def modifier(
    etat: Financement | None,
    commande: ModifierFinancement,
    structure_existe: bool,
    ctx: Contexte,
) -> list[Evenement]:
    """`structure_existe` concerns the structure the command names, when it names one."""
    etat = _dossier(etat, commande.version)
    changes: dict[str, object] = {}
    if commande.source is not msgspec.UNSET:
        changes["source"] = _source(commande.source)
    if commande.financeur is not msgspec.UNSET:
        changes["financeur"] = texte_obligatoire(
            commande.financeur, "financeur", "le nom du financeur"
        )
    if commande.objet is not msgspec.UNSET:
        changes["objet"] = texte_obligatoire(commande.objet, "objet", "l'objet du dossier")
    if commande.montant_demande is not msgspec.UNSET:
        changes["montant_demande"] = montant_valide(commande.montant_demande, "montant_demande")
    if commande.structure_id is not msgspec.UNSET:
        if commande.structure_id != etat.structure_id:
            _structure(structure_existe)
        changes["structure_id"] = commande.structure_id
    for champ in ("date_depot", "periode_debut", "periode_fin"):
        nouvelle = getattr(commande, champ)
        if nouvelle is not msgspec.UNSET:
            changes[champ] = _date(nouvelle, champ)
    for champ in ("fonctionnement_hub", "fleche_accompagnement"):
        if (nouvelle := getattr(commande, champ)) is not msgspec.UNSET:
            changes[champ] = nouvelle
    apres = msgspec.structs.replace(etat, **changes)
    date_passee(apres.date_depot, ctx.aujourdhui, "date_depot", "de dépôt")
    _coherence(apres.date_depot, apres.periode_debut, apres.periode_fin, apres.date_decision)
    _plafond(apres.montant_accorde, apres.montant_demande)
    effectifs = changements(etat, changes)
    if not effectifs:
        return []
    return [suivant(FinancementModifie, etat, ctx, **effectifs)]


def accorder(
    etat: Financement | None, commande: AccorderFinancement, ctx: Contexte
) -> list[Evenement]:
    etat = _a_decider(etat, commande.version, commande.correction)
    montant = montant_valide(commande.montant_accorde, "montant_accorde")
    _plafond(montant, etat.montant_demande)
    decision = _decision(etat, commande.date_decision, ctx)
    return [
        suivant(
            FinancementAccorde,
            etat,
            ctx,
            montant_accorde=montant,
            date_decision=decision,
            correction=commande.correction,
        )
    ]


def refuser(
    etat: Financement | None, commande: RefuserFinancement, ctx: Contexte
) -> list[Evenement]:
    etat = _a_decider(etat, commande.version, commande.correction)
    decision = _decision(etat, commande.date_decision, ctx)
    return [
        suivant(
            FinancementRefuse,
            etat,
            ctx,
            date_decision=decision,
            motif=texte_facultatif(commande.motif) or "",
            correction=commande.correction,
        )
    ]


def _plafond(accorde: int | None, demande: int) -> None:
    if accorde is not None and accorde > demande:
        raise DomainError(
            f"Le montant accordé ({accorde / 100:.2f} €) dépasse le montant demandé "
            f"({demande / 100:.2f} €) : corrigez d'abord le montant demandé du dossier.",
            "montant_accorde",
        )


def _decision(etat: Financement, jour: date, ctx: Contexte) -> date:
    date_passee(jour, ctx.aujourdhui, "date_decision", "de décision")
    _coherence(etat.date_depot, etat.periode_debut, etat.periode_fin, jour)
    return jour


def _dossier(etat: Financement | None, version: int) -> Financement:
    return a_jour(etat, version, "Ce dossier de financement n'existe pas.", "financement_id")


def _a_decider(etat: Financement | None, version: int, correction: bool) -> Financement:
    etat = _dossier(etat, version)
    if etat.statut != DEPOSE and not correction:
        raise DomainError(
            f"Ce dossier est déjà {STATUTS[etat.statut].lower()} "
            f"(décision du {etat.date_decision:%d/%m/%Y}) : pour changer la décision, "
            "envoyez-la comme une correction (« correction » cochée).",
            "correction",
        )
    if etat.statut == DEPOSE and correction:
        raise DomainError(
            "Ce dossier n'a pas encore de décision : il n'y a rien à corriger "
            "(décochez « correction »).",
            "correction",
        )
    return etat
