"""Commands of the Pass numérique. They double as the JSON API's bodies."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from uuid import UUID

import msgspec

from domain.base import Commande
from domain.pass_numerique.referentiel import PASS_PAR_CARNET, VALEUR_FACIALE

Numero = Annotated[int, msgspec.Meta(ge=1, le=10_000_000)]


class PasserCommande(Commande, frozen=True, kw_only=True):
    """A commanditaire orders carnets of pass for its territory."""

    commanditaire: Annotated[
        str, msgspec.Meta(max_length=250, examples=["Conseil départemental de la Nièvre"])
    ]
    perimetre_niveau: Annotated[
        str, msgspec.Meta(max_length=20, description="region, departement, epci ou commune")
    ]
    perimetre_code: Annotated[
        str,
        msgspec.Meta(
            max_length=20,
            description="Code du territoire (INSEE, SIREN de l'EPCI)",
            examples=["58"],
        ),
    ]
    date_commande: date
    nb_carnets: Annotated[int, msgspec.Meta(description="Nombre de carnets commandés")]
    pass_par_carnet: int = PASS_PAR_CARNET
    valeur_faciale: Annotated[int, msgspec.Meta(description="Valeur d'un pass, en centimes")] = (
        VALEUR_FACIALE
    )
    date_validite: date | None = None
    """Last day of validity; the 31st of December of the order's year when left out."""


class RemettreCarnets(Commande, frozen=True, kw_only=True):
    """Carnets numero_debut..numero_fin handed to a distributor (a structure, or a name)."""

    numero_debut: Numero
    numero_fin: Numero
    distributeur_structure_id: UUID | None = None
    distributeur_nom: Annotated[str, msgspec.Meta(max_length=250)] | None = None
    date_remise: date


class InjecterCarnet(Commande, frozen=True, kw_only=True):
    """The distributor holding the carnet gave it to a person."""

    numero_carnet: Numero
    date_injection: date
    beneficiaire_id: UUID | None = None
    """The person's record, when they have one (never their name)."""


class ScannerPass(Commande, frozen=True, kw_only=True):
    """A qualified place took one pass of a carnet for a service."""

    numero_carnet: Numero
    numero_pass: Annotated[int, msgspec.Meta(ge=1, le=1000)]
    lieu_id: UUID
    date_scan: date
    service: Annotated[str, msgspec.Meta(max_length=250)] | None = None
