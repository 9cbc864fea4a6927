"""Coordinators' upkeep of the registry: confirm a record, review duplicates, merge, undo."""

from __future__ import annotations

from typing import Annotated, Any

import asyncpg
from litestar import Controller, Request, get
from litestar.di import NamedDependency
from litestar.params import QueryParameter
from litestar.response import Template

from mednum.accounts import Role
from projections.doublons import departements_a_examiner, paires_a_examiner
from web.auth.guards import roles
from web.deps import Position, wait_if_asked
from web.pages.lieux_formulaire import caches
from web.templating import page

PAIRES_PAR_PAGE = 20


def lire_version(form: dict[str, Any]) -> dict[str, Any]:
    """A confirmation or an undone merge: the record's version only."""
    return caches(form, "command_id", "version")


def lire_fusion(form: dict[str, Any]) -> dict[str, Any]:
    return caches(form, "command_id", "doublon", "version", "version_doublon")


def lire_ecart(form: dict[str, Any]) -> dict[str, Any]:
    return caches(form, "command_id", "autre")


def _paires_fr(n: int) -> str:
    return f"{n} paire{'s' if n > 1 else ''}"


async def _choix_des_departements(db: asyncpg.Connection) -> dict[str, Any]:
    """The filter's choices: each département with pairs waiting, by name, with its count."""
    departements = await departements_a_examiner(db)
    return {
        "tous_departements": (
            f"Tous les départements ({_paires_fr(sum(n for _, _, n in departements))})"
        ),
        "departements": [
            (code, f"{nom} ({code}) : {_paires_fr(n)}") for code, nom, n in departements
        ],
    }


class SuiviLieuxPages(Controller):
    guards = [roles(Role.COORDINATEUR)]

    @get("/lieux/doublons")
    async def doublons(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        departement: Annotated[str | None, QueryParameter(max_length=3)] = None,
        apres: Position = None,
    ) -> Template:
        await wait_if_asked(request, apres)
        vues, total = await paires_a_examiner(db, departement or None, PAIRES_PAR_PAGE)
        return page(
            request,
            "doublons.html",
            nav_actif="lieux",
            paires=vues,
            total=total,
            departement=departement or "",
            **await _choix_des_departements(db),
        )
