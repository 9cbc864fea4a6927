"""An order of pass and a carnet as the rules see them, folded from their events."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date
from uuid import UUID

import msgspec

from domain.base import etat_cree
from domain.pass_numerique.events import (
    CarnetInjecte,
    CarnetsRemis,
    CommandePassPassee,
    PassScanne,
)


def carnet_id(commande_id: UUID, numero: int) -> UUID:
    """Each carnet has its own stream, so that scans of different carnets never conflict."""
    return uuid.uuid5(commande_id, f"carnet-{numero}")


class Remise(msgspec.Struct, frozen=True, kw_only=True):
    numero_debut: int
    numero_fin: int
    distributeur_structure_id: UUID | None
    distributeur_nom: str | None
    date_remise: date


class CommandePass(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    version: int
    commanditaire: str
    perimetre_niveau: str
    perimetre_code: str
    date_commande: date
    nb_carnets: int
    pass_par_carnet: int
    valeur_faciale: int
    date_validite: date
    remises: tuple[Remise, ...] = ()

    def remise_de(self, numero: int) -> Remise | None:
        return next((r for r in self.remises if r.numero_debut <= numero <= r.numero_fin), None)


class Carnet(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    version: int
    commande_id: UUID
    numero: int
    date_injection: date
    scannes: frozenset[int] = frozenset()


def fold_commande(events: Iterable[object]) -> CommandePass | None:
    etat: CommandePass | None = None
    for event in events:
        if isinstance(event, CommandePassPassee):
            etat = etat_cree(CommandePass, event)
        elif etat is None:
            return None  # the id names another kind of record
        elif isinstance(event, CarnetsRemis):
            remise = Remise(
                numero_debut=event.numero_debut,
                numero_fin=event.numero_fin,
                distributeur_structure_id=event.distributeur_structure_id,
                distributeur_nom=event.distributeur_nom,
                date_remise=event.date_remise,
            )
            etat = msgspec.structs.replace(
                etat, version=event.originator_version, remises=(*etat.remises, remise)
            )
    return etat


def fold_carnet(events: Iterable[object]) -> Carnet | None:
    etat: Carnet | None = None
    for event in events:
        if isinstance(event, CarnetInjecte):
            etat = Carnet(
                id=event.originator_id,
                version=event.originator_version,
                commande_id=event.commande_id,
                numero=event.numero_carnet,
                date_injection=event.date_injection,
            )
        elif etat is None:
            return None
        elif isinstance(event, PassScanne):
            etat = msgspec.structs.replace(
                etat,
                version=event.originator_version,
                scannes=etat.scannes | {event.numero_pass},
            )
    return etat
