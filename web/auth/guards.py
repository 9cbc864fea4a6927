"""Access rules. Every route states one explicitly (tests/web/test_route_guards.py checks it).

- `public`: anyone, logged in or not (the map, place pages, login).
- `authenticated`: any logged-in user.
- `roles(...)`: only those roles (admin always passes).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException, PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler

from mednum.accounts import Role, User

Guard = Callable[[ASGIConnection[Any, Any, Any, Any], BaseRouteHandler], None]
ACCESS_RULE = "mednum_access_rule"


def _rule(guard: Guard, description: str) -> Guard:
    setattr(guard, ACCESS_RULE, description)
    return guard


def current_user(connection: ASGIConnection[Any, Any, Any, Any]) -> User | None:
    user = connection.scope.get("user")
    return user if isinstance(user, User) else None


def auteur(connection: ASGIConnection[Any, Any, Any, Any]) -> str:
    """Who a change is recorded as made by: the user's e-mail."""
    user = current_user(connection)
    return user.email if user else "anonyme"


def perimetre_de(connection: ASGIConnection[Any, Any, Any, Any]) -> tuple[str, str] | None:
    """The financeur's own territory (niveau, code); None for any other user, and for a
    financeur given none (who must then see no report)."""
    user = current_user(connection)
    if user is None or user.role != Role.FINANCEUR:
        return None
    return user.perimetre


def est_coordination(connection: ASGIConnection[Any, Any, Any, Any]) -> bool:
    """Coordinators and admins see who made each change (an e-mail); others see sources."""
    user = current_user(connection)
    return user is not None and user.role in (Role.ADMIN, Role.COORDINATEUR)


def _public(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
    return None


def _authenticated(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
    if current_user(connection) is None:
        raise NotAuthorizedException("Connectez-vous pour accéder à cette page.")


public = _rule(_public, "public")
authenticated = _rule(_authenticated, "authenticated")


def roles(*allowed: Role) -> Guard:
    names = {r.value for r in allowed} | {Role.ADMIN.value}

    def guard(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
        user = current_user(connection)
        if user is None:
            raise NotAuthorizedException("Connectez-vous pour accéder à cette page.")
        if user.role.value not in names:
            raise PermissionDeniedException(
                "Votre rôle ne permet pas cette action (rôles autorisés : "
                + ", ".join(sorted(names))
                + ")."
            )

    return _rule(guard, "roles:" + ",".join(sorted(names)))


def access_rule(guards: list[Guard] | tuple[Guard, ...]) -> str | None:
    rules = [getattr(g, ACCESS_RULE) for g in guards if hasattr(g, ACCESS_RULE)]
    return rules[-1] if rules else None


def utilisateur(connection: ASGIConnection[Any, Any, Any, Any]) -> User:
    """The logged-in user, where the route's guard let only users in."""
    user = current_user(connection)
    assert user is not None
    return user


def mediateur_vu(user: User) -> str | None:
    """Whose records a user reaches: a mediator their own, an admin everyone's."""
    return None if user.role is Role.ADMIN else user.email


MEDIATION = roles(Role.MEDIATEUR)
