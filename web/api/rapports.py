"""JSON API of the evaluation reports and indicators. A financeur sees only the reports and
figures of territories within its perimeter; coordinators and admins see all."""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
from typing import Annotated, Any
from uuid import UUID

import asyncpg
import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.exceptions import (
    NotFoundException,
    PermissionDeniedException,
    ServiceUnavailableException,
)
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
    contenu_canonique,
)
from mednum.accounts import Role
from mednum.rapports import calcul, figes
from mednum.rapports.fichiers import nom_de_fichier
from mednum.rapports.rejeu import recalculer
from mednum.rapports.tableur import csv_du_rapport, xlsx_du_rapport
from mednum.settings import Settings
from web.api.schemas import ERREURS_ECRITURE, ERREURS_LECTURE
from web.auth.guards import auteur, perimetre_de, roles
from web.lecture import pool_de_lecture
from web.rapports_pdf import pdf_du_rapport

LECTEURS = roles(Role.COORDINATEUR, Role.FINANCEUR)


class DemandeRapport(msgspec.Struct, frozen=True, kw_only=True):
    territoire: str
    """« niveau:code », e.g. « region:27 », « departement:21 », « epci:242100410 »."""
    periode: str
    """« 2026-03 », « 2026-T1 », « 2026 » or « 2026-01-01..2026-06-30 »."""


class Verification(msgspec.Struct, frozen=True, kw_only=True):
    identique: bool
    empreinte_stockee: str
    empreinte_recalculee: str
    position: int


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
    db: asyncpg.Connection, request: Request[Any, Any, Any], rapport_id: UUID
) -> tuple[figes.RapportFige, Rapport]:
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


def _telechargement(contenu: bytes | str, media: str, nom: str) -> Response[Any]:
    return Response(
        contenu,
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="{nom}"'},
    )


class RapportsController(Controller):
    path = "/rapports"
    tags = ["Rapports"]
    guards = [LECTEURS]

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
    async def lire(
        self,
        db: NamedDependency[asyncpg.Connection],
        request: Request[Any, Any, Any],
        rapport_id: FromPath[UUID],
    ) -> Rapport:
        return (await rapport_autorise(db, request, rapport_id))[1]

    @get("/{rapport_id:uuid}/pdf", summary="Le rapport en PDF", responses=ERREURS_LECTURE)
    async def pdf(
        self,
        db: NamedDependency[asyncpg.Connection],
        request: Request[Any, Any, Any],
        rapport_id: FromPath[UUID],
    ) -> Response[Any]:
        fige, rapport = await rapport_autorise(db, request, rapport_id)
        pdf = await db.fetchval("SELECT pdf FROM rapports WHERE id = $1", rapport_id)
        if pdf is None:
            try:
                pdf = await asyncio.to_thread(pdf_du_rapport, rapport)
            except OSError as absente:  # WeasyPrint could not load Pango
                raise ServiceUnavailableException(
                    "Le PDF ne peut pas être produit sur ce serveur : installez Pango (paquets "
                    "Debian libpango-1.0-0 et libpangoft2-1.0-0). Le tableur et le CSV restent "
                    "disponibles."
                ) from absente
            # Kept for the next download: on the primary (`db` may be a read-only replica).
            await request.app.state.pool.execute(
                "UPDATE rapports SET pdf = $2 WHERE id = $1", rapport_id, pdf
            )
        return _telechargement(
            pdf, "application/pdf", nom_de_fichier(fige.territoire, fige.periode, "pdf")
        )

    @get("/{rapport_id:uuid}/xlsx", summary="Le rapport en tableur", responses=ERREURS_LECTURE)
    async def xlsx(
        self,
        db: NamedDependency[asyncpg.Connection],
        request: Request[Any, Any, Any],
        rapport_id: FromPath[UUID],
    ) -> Response[Any]:
        fige, rapport = await rapport_autorise(db, request, rapport_id)
        return _telechargement(
            xlsx_du_rapport(rapport),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            nom_de_fichier(fige.territoire, fige.periode, "xlsx"),
        )

    @get("/{rapport_id:uuid}/csv", summary="Le rapport en CSV", responses=ERREURS_LECTURE)
    async def csv(
        self,
        db: NamedDependency[asyncpg.Connection],
        request: Request[Any, Any, Any],
        rapport_id: FromPath[UUID],
    ) -> Response[Any]:
        fige, rapport = await rapport_autorise(db, request, rapport_id)
        return _telechargement(
            csv_du_rapport(rapport),
            "text/csv; charset=utf-8",
            nom_de_fichier(fige.territoire, fige.periode, "csv"),
        )

    @get(
        "/{rapport_id:uuid}/verification",
        summary="Recalculer le rapport à sa position et comparer les octets",
        responses=ERREURS_LECTURE,
    )
    async def verifier(
        self,
        db: NamedDependency[asyncpg.Connection],
        request: Request[Any, Any, Any],
        rapport_id: FromPath[UUID],
    ) -> Verification:
        fige, rapport = await rapport_autorise(db, request, rapport_id)
        return await verifier_rapport(request, fige, rapport)

    @get(
        "/{rapport_id:uuid}/differences",
        summary="Ce qui a changé depuis (« tel que figé » contre « à ce jour »)",
        responses=ERREURS_LECTURE,
    )
    async def comparer(
        self,
        db: NamedDependency[asyncpg.Connection],
        request: Request[Any, Any, Any],
        rapport_id: FromPath[UUID],
    ) -> Comparaison:
        _, rapport = await rapport_autorise(db, request, rapport_id)
        return await comparer_a_aujourdhui(request, rapport)


async def verifier_rapport(
    request: Request[Any, Any, Any], fige: figes.RapportFige, rapport: Rapport
) -> Verification:
    rejoue = await recalculer(
        request.app.state.dsn,
        rapport.territoire,
        rapport.periode,
        position=fige.position,
        seuil=rapport.seuil_secret,
    )
    empreinte = hashlib.sha256(contenu_canonique(rejoue)).hexdigest()
    return Verification(
        identique=empreinte == fige.empreinte,
        empreinte_stockee=fige.empreinte,
        empreinte_recalculee=empreinte,
        position=fige.position,
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
