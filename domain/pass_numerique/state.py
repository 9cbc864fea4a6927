"""An order of pass and a carnet as the rules see them, folded from their events."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date
from uuid import UUID

import msgspec

from domain.base import champs_de, etat_cree, replier
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


def evolve_commande(commande: CommandePass | None, event: object) -> CommandePass | None:
    if isinstance(event, CommandePassPassee):
        return etat_cree(CommandePass, event)
    if commande is not None and isinstance(event, CarnetsRemis):
        remises = (*commande.remises, Remise(**champs_de(event)))
        return msgspec.structs.replace(commande, version=event.originator_version, remises=remises)
    return commande


def fold_commande(events: Iterable[object]) -> CommandePass | None:
    return replier(evolve_commande, CommandePassPassee, events)


def evolve_carnet(carnet: Carnet | None, event: object) -> Carnet | None:
    if isinstance(event, CarnetInjecte):
        return Carnet(
            id=event.originator_id,
            version=event.originator_version,
            commande_id=event.commande_id,
            numero=event.numero_carnet,
            date_injection=event.date_injection,
        )
    if carnet is not None and isinstance(event, PassScanne):
        scannes = carnet.scannes | {event.numero_pass}
        return msgspec.structs.replace(carnet, version=event.originator_version, scannes=scannes)
    return carnet


def fold_carnet(events: Iterable[object]) -> Carnet | None:
    return replier(evolve_carnet, CarnetInjecte, events)
