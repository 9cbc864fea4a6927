"""What the report routes (API and pages) start in the background: a frozen report's
verification and the production of its PDF, XLSX and CSV. The work and its lock live in
mednum/rapports (verifications.py, telechargements.py); this module only wires a request to
them: the pool, the DSN, the renderers and this process's task holder."""

from __future__ import annotations

from typing import Any

from litestar import Request

from domain.errors import DomainError
from domain.evaluation.rapport import Rapport
from mednum.infra.taches import Taches
from mednum.rapports import telechargements, verifications
from mednum.rapports.figes import RapportFige
from mednum.rapports.tableur import csv_du_rapport, xlsx_du_rapport
from web.auth.guards import auteur
from web.rapports_pdf import pdf_du_rapport


def _csv(rapport: Rapport) -> bytes:
    return csv_du_rapport(rapport).encode("utf-8")


FORMATS: dict[str, tuple[telechargements.Rendu, str, str]] = {
    "pdf": (pdf_du_rapport, "application/pdf", "PDF"),
    "xlsx": (
        xlsx_du_rapport,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "tableur (XLSX)",
    ),
    "csv": (_csv, "text/csv; charset=utf-8", "CSV"),
}


def format_connu(format: str) -> str:
    if format not in FORMATS:
        raise DomainError(
            f"Format inconnu : « {format} ». Un rapport se télécharge en pdf, xlsx ou csv.",
            "format",
        )
    return format


def _taches(request: Request[Any, Any, Any]) -> Taches:
    taches: Taches = request.app.state.taches
    return taches


async def lancer_verification(
    request: Request[Any, Any, Any], fige: RapportFige, rapport: Rapport
) -> tuple[verifications.VerificationRapport, bool]:
    """Start the report's verification, or find the one running (any process's)."""
    pool = request.app.state.pool
    async with pool.acquire() as conn:
        verification, nouvelle = await verifications.demander(conn, fige, auteur(request))
    if nouvelle:
        _taches(request).lancer(
            verifications.executer(pool, request.app.state.dsn, verification, fige, rapport),
            f"verification-{fige.id}",
        )
    return verification, nouvelle


async def preparer_fichier(
    request: Request[Any, Any, Any],
    fige: RapportFige,
    rapport: Rapport,
    format: str,
    *,
    relancer: bool = False,
) -> telechargements.Fichier:
    """The file's state; its production is started when nobody produces it. A failed one is
    shown as failed until asked again (`relancer`)."""
    pool = request.app.state.pool
    async with pool.acquire() as conn:
        fichier = await telechargements.etat(conn, fige.id, format)
        if fichier is not None and (fichier.pret or (fichier.erreur and not relancer)):
            return fichier
        fichier, nouveau = await telechargements.demander(conn, fige.id, format)
    if nouveau:
        _taches(request).lancer(
            telechargements.produire(pool, fige.id, format, rapport, FORMATS[format][0]),
            f"{format}-{fige.id}",
        )
    return fichier
