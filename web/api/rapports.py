"""JSON API of the evaluation reports and indicators. A financeur sees only the reports and
figures of territories within its perimeter; coordinators and admins see all."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any
from uuid import UUID

import asyncpg
import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency, Provide
from litestar.exceptions import (
    NotFoundException,
    PermissionDeniedException,
    ServiceUnavailableException,
)
from litestar.handlers import HTTPRouteHandler
from litestar.params import FromPath, JSONBody, QueryParameter

from domain.errors import DomainError, IntrouvableError
from domain.evaluation.differences import Difference, differences
from domain.evaluation.indicateurs import INDICATEURS
from domain.evaluation.methode import definition_indicateur
from domain.evaluation.periodes import est_complete, lire_periode
from domain.evaluation.rapport import (
    ChiffreCle,
    Definition,
    Rapport,
    Tableau,
    Territoire,
)
from mednum.accounts import Role
from mednum.rapports import calcul, figes, telechargements, verifications
from mednum.rapports.fichiers import nom_de_fichier
from mednum.rapports.verifications import VerificationRapport
from mednum.settings import Settings
from web.api.schemas import ERREURS_ECRITURE, ERREURS_LECTURE
from web.auth.guards import auteur, perimetre_de, roles
from web.lecture import pool_de_lecture
from web.rapports_travaux import FORMATS, format_connu, lancer_verification, preparer_fichier

LECTEURS = roles(Role.COORDINATEUR, Role.FINANCEUR)


class DemandeRapport(msgspec.Struct, frozen=True, kw_only=True):
    territoire: str
    """« niveau:code », e.g. « region:27 », « departement:21 », « epci:242100410 »."""
    periode: str
    """« 2026-03 », « 2026-T1 », « 2026 » or « 2026-01-01..2026-06-30 »."""


class Comparaison(msgspec.Struct, frozen=True, kw_only=True):
    position_figee: int
    position_actuelle: int
    differences: list[Difference]


class Indicateur(msgspec.Struct, frozen=True, kw_only=True):
    indicateur: str
    definition: Definition
    """The dictionary entry, as the report's method annex shows it (numerator, denominator,
    as-of rule)."""
    territoire: Territoire
    periode: str
    position: int
    chiffres: list[ChiffreCle]
    tableaux: list[Tableau]
    provisoire: bool
    """The period is not over: its figures may still grow (« provisoire »)."""


def lire_territoire_code(texte: str) -> tuple[str, str]:
    niveau, _, code = texte.partition(":")
    if niveau not in ("region", "departement", "epci", "commune", "pays") or not code:
        raise DomainError(
            "Territoire attendu sous la forme « niveau:code », par exemple « region:27 », "
            "« departement:21 », « epci:242100410 » ou « commune:21231 ».",
            "territoire",
        )
    return niveau, code


async def territoire_autorise(
    db: asyncpg.Connection, request: Request[Any, Any, Any], texte: str
) -> Territoire:
    niveau, code = lire_territoire_code(texte)
    t = await calcul.territoire(db, niveau, code)
    if not await figes.dans_perimetre(db, t, perimetre_lecteur(request)):
        raise PermissionDeniedException(
            "Ce territoire est hors de votre périmètre : vous ne voyez que les rapports de "
            "votre territoire."
        )
    return t


def perimetre_lecteur(request: Request[Any, Any, Any]) -> tuple[str, str] | None:
    """None: everything (coordinators, admins); a financeur without one sees nothing."""
    user = request.scope.get("user")
    if getattr(user, "role", None) != Role.FINANCEUR:
        return None
    return perimetre_de(request) or ("aucun", "")


async def rapport_autorise(
    db: NamedDependency[asyncpg.Connection],
    request: Request[Any, Any, Any],
    rapport_id: FromPath[UUID],
) -> tuple[figes.RapportFige, Rapport]:
    """The report, if the reader may see it (else 404); also the controllers' `autorise`."""
    try:
        fige, rapport = await figes.lire(db, rapport_id)
    except IntrouvableError:
        # Frozen a moment ago on the primary, not yet replayed by the replica read here?
        primaire: asyncpg.Pool = request.app.state.pool
        if (await pool_de_lecture(request)) is primaire:
            raise
        async with primaire.acquire() as conn:
            fige, rapport = await figes.lire(conn, rapport_id)
    if not await figes.dans_perimetre(db, fige.territoire, perimetre_lecteur(request)):
        raise NotFoundException("Ce rapport n'existe pas (ou plus).")
    return fige, rapport


def _route_fichier(format: str, en: str) -> HTTPRouteHandler:
    """GET /rapports/{id}/<format>: the three files of a report are served alike; the handler
    keeps the format's name, which litestar makes the OpenAPI operation id from."""

    async def servir(
        self: Controller,
        db: NamedDependency[asyncpg.Connection],
        request: Request[Any, Any, Any],
        rapport_id: FromPath[UUID],
    ) -> Response[Any]:
        return await servir_fichier(db, request, rapport_id, format)

    servir.__name__ = servir.__qualname__ = format
    return get(
        f"/{{rapport_id:uuid}}/{format}",
        summary=f"Le rapport {en} (202 tant qu'il est en préparation)",
        responses=ERREURS_LECTURE,
    )(servir)


# The report named by the path's `rapport_id`, once the reader may see it (else 404).
Autorise = NamedDependency[tuple[figes.RapportFige, Rapport]]
AUTORISE = {"autorise": Provide(rapport_autorise)}


class RapportsController(Controller):
    path = "/rapports"
    tags = ["Rapports"]
    guards = [LECTEURS]
    dependencies = AUTORISE

    @get("/", summary="Rapports figés visibles par l'utilisateur", responses=ERREURS_LECTURE)
    async def lister(
        self, db: NamedDependency[asyncpg.Connection], request: Request[Any, Any, Any]
    ) -> list[figes.RapportFige]:
        return await figes.lister(db, perimetre_lecteur(request))

    @post(
        "/",
        summary="Générer et figer un rapport (territoire, période)",
        responses=ERREURS_ECRITURE,
        status_code=201,
    )
    async def generer(
        self,
        db: NamedDependency[asyncpg.Connection],
        request: Request[Any, Any, Any],
        data: JSONBody[DemandeRapport],
    ) -> figes.RapportFige:
        t = await territoire_autorise(db, request, data.territoire)
        lire_periode(data.periode)
        settings: Settings = request.app.state.settings
        return await figes.figer(
            request.app.state.pool,
            t,
            data.periode,
            nature="ponctuel",
            seuil=settings.seuil_secret,
            auteur=auteur(request),
        )

    @get("/{rapport_id:uuid}", summary="Un rapport figé", responses=ERREURS_LECTURE)
    async def lire(self, autorise: Autorise) -> Rapport:
        return autorise[1]

    pdf = _route_fichier("pdf", "en PDF")
    xlsx = _route_fichier("xlsx", "en tableur")
    csv = _route_fichier("csv", "en CSV")

    @get(
        "/{rapport_id:uuid}/fichiers/{format:str}",
        summary="Où en est la préparation d'un fichier du rapport (pdf, xlsx, csv)",
        responses=ERREURS_LECTURE,
    )
    async def fichier(
        self, request: Request[Any, Any, Any], autorise: Autorise, format: FromPath[str]
    ) -> telechargements.Fichier:
        fige, rapport = autorise
        return await preparer_fichier(request, fige, rapport, format_connu(format))

    @post(
        "/{rapport_id:uuid}/verification",
        summary="Lancer la vérification en arrière-plan (ou retrouver celle en cours)",
        responses=ERREURS_LECTURE,
        status_code=202,
    )
    async def verifier(
        self, request: Request[Any, Any, Any], autorise: Autorise
    ) -> VerificationRapport:
        fige, rapport = autorise
        return (await lancer_verification(request, fige, rapport))[0]

    @get(
        "/{rapport_id:uuid}/verification",
        summary="La vérification en cours, sinon la dernière, avec son résultat",
        responses=ERREURS_LECTURE,
    )
    async def verification(
        self, db: NamedDependency[asyncpg.Connection], autorise: Autorise
    ) -> VerificationRapport:
        fige, _ = autorise
        derniere = await verifications.derniere(db, fige.id)
        if derniere is None:
            raise IntrouvableError(
                "Ce rapport n'a pas encore été vérifié : lancez une vérification "
                f"(POST /api/v1/rapports/{fige.id}/verification)."
            )
        return derniere

    @get(
        "/{rapport_id:uuid}/differences",
        summary="Ce qui a changé depuis (« tel que figé » contre « à ce jour »)",
        responses=ERREURS_LECTURE,
    )
    async def comparer(self, request: Request[Any, Any, Any], autorise: Autorise) -> Comparaison:
        _, rapport = autorise
        return await comparer_a_aujourdhui(request, rapport)


class EnPreparation(msgspec.Struct, frozen=True, kw_only=True):
    statut: str
    message: str
    demande_le: dt.datetime


async def servir_fichier(
    db: asyncpg.Connection, request: Request[Any, Any, Any], rapport_id: UUID, format: str
) -> Response[Any]:
    """The stored file; else 202 while it is produced in the background (ask again), or 503
    with the reason it could not be (and it is tried again at the next request)."""
    fige, rapport = await rapport_autorise(db, request, rapport_id)
    fichier = await preparer_fichier(request, fige, rapport, format)
    if fichier.erreur:
        await preparer_fichier(request, fige, rapport, format, relancer=True)
        raise ServiceUnavailableException(fichier.erreur)
    donnees = await telechargements.contenu(db, rapport_id, format) if fichier.pret else None
    if donnees is None:
        return Response(
            EnPreparation(
                statut="en_preparation",
                message=f"Le {FORMATS[format][2]} du rapport est en préparation : "
                "redemandez-le dans quelques secondes.",
                demande_le=fichier.demande_le,
            ),
            status_code=202,
            headers={"Retry-After": "2"},
        )
    return Response(
        donnees,
        media_type=FORMATS[format][1],
        headers={
            "Content-Disposition": (
                f'attachment; filename="{nom_de_fichier(fige.territoire, fige.periode, format)}"'
            ),
            "ETag": f'"{fichier.empreinte}"',
        },
    )


async def comparer_a_aujourdhui(request: Request[Any, Any, Any], rapport: Rapport) -> Comparaison:
    aujourdhui = await calcul.calculer_a_jour(
        request.app.state.pool, rapport.territoire, rapport.periode, rapport.seuil_secret
    )
    return Comparaison(
        position_figee=rapport.position,
        position_actuelle=aujourdhui.position,
        differences=differences(rapport, aujourdhui),
    )


class IndicateursController(Controller):
    path = "/indicateurs"
    tags = ["Rapports"]
    guards = [LECTEURS]

    @get(
        "/{indicateur:str}",
        summary="Un indicateur pour un territoire et une période, avec l'année précédente",
        responses=ERREURS_LECTURE,
    )
    async def indicateur(
        self,
        db: NamedDependency[asyncpg.Connection],
        request: Request[Any, Any, Any],
        indicateur: FromPath[str],
        territoire: Annotated[str, QueryParameter(description="« region:27 »")],
        periode: Annotated[str, QueryParameter(description="« 2026-03 », « 2026-T1 », « 2026 »")],
    ) -> Indicateur:
        if indicateur not in INDICATEURS:
            raise NotFoundException(
                f"Indicateur inconnu : {indicateur}. Les identifiants vont de M1.1 à M4.14 "
                "(voir l'annexe méthodologique d'un rapport)."
            )
        t = await territoire_autorise(db, request, territoire)
        settings: Settings = request.app.state.settings
        lue = lire_periode(periode)
        rapport = await calcul.calculer_a_jour(
            request.app.state.pool, t, lue, settings.seuil_secret
        )
        return Indicateur(
            indicateur=indicateur,
            definition=definition_indicateur(INDICATEURS[indicateur]),
            territoire=t,
            periode=periode,
            position=rapport.position,
            chiffres=[c for c in rapport.chiffres_cles if c.indicateur == indicateur],
            tableaux=[x for x in rapport.tableaux if x.indicateur == indicateur],
            provisoire=not est_complete(lue, dt.datetime.now(dt.UTC).date()),
        )
