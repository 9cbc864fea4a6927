"""What happens to pass: ordered (on the order's stream), handed to distributors (same
stream), each carnet given to a person, then each pass scanned (on the carnet's stream)."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from domain.base import Evenement


class CommandePassPassee(Evenement, frozen=True, kw_only=True):
    commanditaire: str
    perimetre_niveau: str
    perimetre_code: str
    date_commande: date
    nb_carnets: int
    pass_par_carnet: int
    valeur_faciale: int
    """In centimes."""
    date_validite: date


class CarnetsRemis(Evenement, frozen=True, kw_only=True):
    numero_debut: int
    numero_fin: int
    distributeur_structure_id: UUID | None
    distributeur_nom: str | None
    """The distributor's name when it is not a structure of the registry."""
    date_remise: date


class CarnetInjecte(Evenement, frozen=True, kw_only=True):
    """First event of a carnet's stream (id: carnet_id(commande_id, numero))."""

    commande_id: UUID
    numero_carnet: int
    date_injection: date
    distributeur_structure_id: UUID | None
    distributeur_nom: str | None
    beneficiaire_id: UUID | None


class PassScanne(Evenement, frozen=True, kw_only=True):
    commande_id: UUID
    numero_carnet: int
    numero_pass: int
    lieu_id: UUID
    date_scan: date
    service: str | None


EVENEMENTS_PASS = (CommandePassPassee, CarnetsRemis, CarnetInjecte, PassScanne)
