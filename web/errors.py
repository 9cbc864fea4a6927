"""Every error a caller can cause becomes a 4xx with a French message naming the field.

Nothing else leaks: an unexpected exception is logged and answered with a plain 500, and a
database that cannot be reached gives a 503 that says to retry.
"""

from __future__ import annotations

import logging
import re
from typing import Any, TypeVar

import asyncpg
import psycopg
from eventsourcing.persistence import InterfaceError as ESInterfaceError
from eventsourcing.persistence import OperationalError as ESOperationalError
from litestar import MediaType, Request, Response
from litestar.exceptions import (
    HTTPException,
    NotAuthorizedException,
    NotFoundException,
    PermissionDeniedException,
    ValidationException,
)
from litestar.response import Redirect
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR

from domain.errors import Conflit, ConflitDeVersion, DomainError, IntrouvableError
from mednum.infra.mesures import MESURES
from mednum.infra.validation import traduire
from web.deps import saisie_en_cours
from web.templating import page

T = TypeVar("T")


def ou_404(vue: T | None) -> T:
    """A record read by its id, or the 404 of an id that names none (or none visible)."""
    if vue is None:
        raise NotFoundException()
    return vue


logger = logging.getLogger(__name__)


def _field_of(item: dict[str, Any]) -> str | None:
    message = str(item.get("message", ""))
    # msgspec names a missing or unknown field in its message; Litestar's key is then "data".
    if match := re.search(r"field `([^`]*)`", message):
        return match.group(1)
    if match := re.search(r"- at `\$\.([^`]+)`", message):
        return match.group(1)
    key = str(item.get("key") or "")
    return key.removeprefix("$.") if key and key != "data" else None


def _is_api(request: Request[Any, Any, Any]) -> bool:
    path = request.url.path
    return (
        path.startswith(("/api/", "/schema"))
        or path == "/health"
        or "application/json" in request.headers.get("accept", "")
    )


def _error(
    request: Request[Any, Any, Any],
    status: int,
    detail: str,
    erreurs: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> Response[Any]:
    if _is_api(request):
        body: dict[str, Any] = {"status_code": status, "detail": detail}
        if erreurs is not None:
            body["erreurs"] = erreurs
        body.update(extra)
        return Response(body, status_code=status, media_type=MediaType.JSON, headers=headers)
    return page(
        request,
        "erreur.html",
        status_code=status,
        headers=headers,
        status=status,
        detail=detail,
        erreurs=erreurs or [],
        **extra,
    )


def on_validation(request: Request[Any, Any, Any], exc: ValidationException) -> Response[Any]:
    items = exc.extra if isinstance(exc.extra, list) else []
    erreurs = [
        {"champ": _field_of(item), "message": traduire(str(item.get("message", "")))}
        for item in items
        if isinstance(item, dict)
    ]
    if not erreurs:
        erreurs = [{"champ": None, "message": traduire(str(exc.detail))}]
    named = ", ".join(f"« {e['champ']} »" for e in erreurs if e["champ"])
    detail = "Requête invalide" + (f" : vérifiez {named}." if named else ".")
    return _error(request, 400, detail, erreurs)


def on_domain_error(request: Request[Any, Any, Any], exc: DomainError) -> Response[Any]:
    status = (
        404
        if isinstance(exc, IntrouvableError)
        else 409
        if isinstance(exc, ConflitDeVersion | Conflit)
        else 422
    )
    extra: dict[str, Any] = {}
    if isinstance(exc, ConflitDeVersion):
        extra["version_actuelle"] = exc.version_actuelle
        if exc.etat_actuel is not None:
            extra["etat_actuel"] = exc.etat_actuel
    refus = getattr(exc, "erreurs", [exc])
    return _error(
        request,
        status,
        exc.message,
        [{"champ": r.champ, "message": r.message} for r in refus],
        **extra,
    )


def on_not_authorized(
    request: Request[Any, Any, Any], exc: NotAuthorizedException
) -> Response[Any]:
    if not _is_api(request) and request.method == "GET":
        return Redirect(path="/connexion", query_params={"suivant": request.url.path})
    detail = exc.detail if exc.detail != "Unauthorized" else "Connectez-vous d'abord."
    return _error(request, 401, detail)


def on_forbidden(request: Request[Any, Any, Any], exc: PermissionDeniedException) -> Response[Any]:
    detail = exc.detail
    if detail in ("Forbidden", "CSRF token verification failed"):
        detail = (
            "Jeton de sécurité (CSRF) manquant ou périmé : rechargez la page puis recommencez."
            if "CSRF" in str(exc.detail)
            else "Accès refusé."
        )
    return _error(request, 403, detail)


def on_not_found(request: Request[Any, Any, Any], exc: NotFoundException) -> Response[Any]:
    if saisie_en_cours(request):
        # A record just written that the read models have not reached (a busy projector):
        # it exists, so the page asks to come back rather than saying it does not.
        return _error(
            request,
            503,
            "Votre saisie est bien enregistrée, mais cette page n'est pas encore à jour : "
            "elle se recharge d'elle-même dans quelques secondes.",
            headers={"Retry-After": "3"},
            en_cours=True,
        )
    return _error(request, 404, "Cette page ou cette ressource n'existe pas.")


def on_http_exception(request: Request[Any, Any, Any], exc: HTTPException) -> Response[Any]:
    if exc.status_code == 405:
        return _error(request, 405, "Méthode non autorisée sur cette adresse.", headers=exc.headers)
    if exc.status_code == 429:
        return _error(request, 429, "Trop de requêtes : patientez un peu puis réessayez.")
    if exc.status_code >= 500:
        return on_unexpected(request, exc)
    return _error(request, exc.status_code, str(exc.detail))


def on_database_down(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    # A timeout is an OSError too, and says nothing of where it came from: its traceback does.
    logger.warning(
        "database unavailable on %s %s: %r",
        request.method,
        request.url.path,
        exc,
        exc_info=exc if isinstance(exc, TimeoutError) else None,
    )
    MESURES.erreur("database_unavailable")
    return _error(
        request,
        503,
        "La base de données est momentanément indisponible : réessayez dans un instant.",
    )


def on_unstorable_text(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    """Text PostgreSQL cannot hold (a NUL character): the request's fault, not ours."""
    return _error(
        request,
        400,
        "Le texte envoyé contient un caractère interdit (caractère nul) : retirez-le.",
    )


def on_unexpected(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    MESURES.erreur("unexpected")
    logger.exception("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
    return _error(
        request,
        HTTP_500_INTERNAL_SERVER_ERROR,
        "Erreur interne : l'équipe technique a été prévenue par le journal du serveur.",
    )


EXCEPTION_HANDLERS: dict[type[Exception] | int, Any] = {
    ValidationException: on_validation,
    DomainError: on_domain_error,
    NotAuthorizedException: on_not_authorized,
    PermissionDeniedException: on_forbidden,
    NotFoundException: on_not_found,
    HTTPException: on_http_exception,
    asyncpg.PostgresConnectionError: on_database_down,
    asyncpg.CannotConnectNowError: on_database_down,
    asyncpg.InterfaceError: on_database_down,
    asyncpg.TooManyConnectionsError: on_database_down,
    # A connection lost under a query leaves asyncpg's protocol in a state it cannot leave
    # ("cannot switch to state 15" on release): the server went away, not a bug of ours.
    asyncpg.InternalClientError: on_database_down,
    # Shutdown or crash of the server, disk full, out of memory: all transient for a request.
    asyncpg.OperatorInterventionError: on_database_down,
    asyncpg.InsufficientResourcesError: on_database_down,
    # On a hot standby, a query the replay had to cancel ("conflict with recovery"): transient.
    # (No request runs a serializable transaction that writes on the primary.)
    asyncpg.SerializationError: on_database_down,
    OSError: on_database_down,  # refused TCP connection or a missing Unix socket
    asyncpg.CharacterNotInRepertoireError: on_unstorable_text,
    asyncpg.UntranslatableCharacterError: on_unstorable_text,
    psycopg.errors.CharacterNotInRepertoire: on_unstorable_text,
    psycopg.errors.UntranslatableCharacter: on_unstorable_text,
    psycopg.OperationalError: on_database_down,
    ESOperationalError: on_database_down,
    ESInterfaceError: on_database_down,
    Exception: on_unexpected,
}
