"""The national standard's filters, read the same way by the map, `GET /api/v1/lieux` and
`GET /api/v1/lieux/proches` (a Litestar dependency, so the API schema lists them once)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Annotated

import asyncpg
import msgspec
from litestar.params import QueryParameter

from domain.errors import DomainError
from domain.lieux.referentiel import SERVICES
from domain.lieux.standard import (
    FRAIS,
    ITINERANCE,
    MODALITES_ACCOMPAGNEMENT,
    PRISES_EN_CHARGE,
    PUBLICS,
)
from projections.lieux_requetes import FiltresLieux
from projections.ouverture import avec_ouverture

VOCABULAIRES: dict[str, tuple[str, ...]] = {
    "services": SERVICES,
    "publics_specifiquement_adresses": PUBLICS,
    "prise_en_charge_specifique": PRISES_EN_CHARGE,
    "frais_a_charge": FRAIS,
    "modalites_accompagnement": MODALITES_ACCOMPAGNEMENT,
    "itinerance": ITINERANCE,
}


class CriteresStandard(msgspec.Struct, frozen=True, kw_only=True):
    """What a person asked for, besides the place (commune, département, position)."""

    services: tuple[str, ...] = ()
    publics_specifiquement_adresses: tuple[str, ...] = ()
    prise_en_charge_specifique: tuple[str, ...] = ()
    frais_a_charge: tuple[str, ...] = ()
    modalites_accompagnement: tuple[str, ...] = ()
    itinerance: tuple[str, ...] = ()
    ouvert_maintenant: bool = False
    ouvert_samedi: bool = False

    def actifs(self) -> bool:
        return any(getattr(self, champ) for champ in self.__struct_fields__)

    def appliquer(self, filtres: FiltresLieux) -> FiltresLieux:
        return msgspec.structs.replace(
            filtres, **{champ: getattr(self, champ) for champ in VOCABULAIRES}
        )

    async def resoudre(
        self, conn: asyncpg.Connection, filtres: FiltresLieux, maintenant: datetime
    ) -> FiltresLieux:
        """`filtres` with these criteria, opening hours included."""
        return await avec_ouverture(
            conn,
            self.appliquer(filtres),
            ouvert_maintenant=self.ouvert_maintenant,
            ouvert_samedi=self.ouvert_samedi,
            maintenant=maintenant,
        )

    def parametres(self) -> list[tuple[str, str]]:
        """As GET parameters, for links that keep the filters (pagination, share, embed)."""
        paires = [(champ, v) for champ in VOCABULAIRES for v in getattr(self, champ)]
        paires = [("service" if c == "services" else c, v) for c, v in paires]
        if self.ouvert_maintenant:
            paires.append(("ouvert_maintenant", "1"))
        if self.ouvert_samedi:
            paires.append(("ouvert_samedi", "1"))
        return paires


def valeurs_connues(champ: str, valeurs: Sequence[str] | None) -> tuple[str, ...]:
    """The values, checked against the standard's list; an unknown one is refused by name."""
    permises = VOCABULAIRES[champ]
    parametre = "service" if champ == "services" else champ
    propres = tuple(dict.fromkeys(v.strip() for v in valeurs or () if v.strip()))
    for valeur in propres:
        if valeur not in permises:
            raise DomainError(
                f"« {valeur} » n'est pas une valeur possible de {parametre} : choisissez parmi "
                + ", ".join(f"« {p} »" for p in permises)
                + ".",
                parametre,
            )
    return propres


def _liste(description: str) -> QueryParameter:
    return QueryParameter(description=description + " (répétable : l'une des valeurs suffit)")


async def provide_criteres(
    publics_specifiquement_adresses: Annotated[
        list[str] | None, _liste("Publics spécifiquement adressés")
    ] = None,
    prise_en_charge_specifique: Annotated[
        list[str] | None, _liste("Prise en charge spécifique (Surdité, Déficience visuelle…)")
    ] = None,
    frais_a_charge: Annotated[list[str] | None, _liste("Frais (Gratuit…)")] = None,
    modalites_accompagnement: Annotated[
        list[str] | None, _liste("Modalités d'accompagnement")
    ] = None,
    itinerance: Annotated[list[str] | None, _liste("Itinérant ou Fixe")] = None,
    ouvert_maintenant: Annotated[
        bool, QueryParameter(description="Seulement les lieux ouverts en ce moment (Paris)")
    ] = False,
    ouvert_samedi: Annotated[
        bool, QueryParameter(description="Seulement les lieux ouverts le samedi")
    ] = False,
) -> CriteresStandard:
    """Every filter but `service`, which each handler declares (the list API keeps its single
    `service` for existing clients). Checked by `avec_services`, in the handler: a dependency
    that raises would leave the database connection dependency unreleased."""
    return CriteresStandard(
        publics_specifiquement_adresses=tuple(publics_specifiquement_adresses or ()),
        prise_en_charge_specifique=tuple(prise_en_charge_specifique or ()),
        frais_a_charge=tuple(frais_a_charge or ()),
        modalites_accompagnement=tuple(modalites_accompagnement or ()),
        itinerance=tuple(itinerance or ()),
        ouvert_maintenant=ouvert_maintenant,
        ouvert_samedi=ouvert_samedi,
    )


def avec_services(criteres: CriteresStandard, services: Sequence[str] | None) -> CriteresStandard:
    """The criteria with the `service` parameter(s), every value checked against the standard
    (DomainError naming the parameter)."""
    return msgspec.structs.replace(
        criteres,
        services=valeurs_connues("services", services),
        **{c: valeurs_connues(c, getattr(criteres, c)) for c in VOCABULAIRES if c != "services"},
    )
