"""Login and logout pages (browser sessions; machine clients use API tokens instead)."""

from __future__ import annotations

from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, get, post
from litestar.params import QueryParameter, URLEncodedBody
from litestar.response import Redirect, Template

from domain.errors import DomainError
from mednum.accounts import authenticate
from web.auth.guards import current_user, public
from web.auth.sessions import rotate_session
from web.templating import page


class FormulaireConnexion(msgspec.Struct, kw_only=True):
    email: str = ""
    password: str = ""
    suivant: str = "/"


def _local(path: str | None) -> str:
    """Only same-site paths: an open redirect would help phishing."""
    if path and path.startswith("/") and not path.startswith("//") and "\\" not in path:
        return path
    return "/"


class AuthPages(Controller):
    guards = [public]

    @get("/connexion")
    async def formulaire(
        self,
        request: Request[Any, Any, Any],
        suivant: Annotated[str | None, QueryParameter(max_length=500)] = None,
    ) -> Template | Redirect:
        if current_user(request) is not None:
            return Redirect(path=_local(suivant))
        return page(request, "connexion.html", suivant=_local(suivant), email="", erreur=None)

    @post("/connexion")
    async def connexion(
        self, request: Request[Any, Any, Any], data: URLEncodedBody[FormulaireConnexion]
    ) -> Template | Redirect:
        client = request.client.host if request.client else "inconnu"
        erreur: str
        status = 400
        try:
            user = await authenticate(
                request.app.state.pool, data.email.strip(), data.password, client
            )
        except DomainError as refus:
            user, erreur, status = None, refus.message, 429
        else:
            erreur = "E-mail ou mot de passe incorrect."
        if user is None:
            return page(
                request,
                "connexion.html",
                status_code=status,
                suivant=_local(data.suivant),
                email=data.email,
                erreur=erreur,
            )
        rotate_session(request)
        request.set_session({"user_id": str(user.id)})
        return Redirect(path=_local(data.suivant))

    @post("/deconnexion")
    async def deconnexion(self, request: Request[Any, Any, Any]) -> Redirect:
        request.clear_session()
        return Redirect(path="/")
