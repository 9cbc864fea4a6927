"""Steps most browser tests take: someone's account created and logged in on a new page,
noting what goes wrong on a page, and opening a page once the server's read model holds what
the test wrote beforehand."""

from __future__ import annotations

from typing import Any

from tests.e2e.conftest import se_connecter
from tests.web.conftest import create_user

# A phone held upright, touch screen.
TELEPHONE_TACTILE: dict[str, Any] = {"viewport": {"width": 390, "height": 844}, "has_touch": True}


def connecte(
    hote: Any,
    live_server: str,
    dsn: str,
    email: str,
    role: str,
    suivant: str | None = None,
    **options: Any,
) -> Any:
    """A user of `role` created, then logged in on a new page of `hote` (a browser or a
    context; Playwright's `options`), on `suivant` if given: the page."""
    create_user(dsn, email, role)
    page = hote.new_page(**options)
    se_connecter(page, live_server, email, suivant=suivant)
    return page


def problemes_de(page: Any, *, reponses: bool = False) -> list[str]:
    """What goes wrong on `page` from now on, filled as it happens: console errors, uncaught
    exceptions and, with `reponses`, every answer of status 400 or more."""
    problemes: list[str] = []
    page.on("console", lambda m: problemes.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problemes.append(str(e)))
    if reponses:
        page.on(
            "response",
            lambda r: problemes.append(f"{r.status} {r.url}") if r.status >= 400 else None,
        )
    return problemes


def aller_apres(page: Any, live_server: str, api: str, position: int, chemin: str) -> None:
    """`page` to `chemin`, once the read model behind `api` (« lieux », « activites ») has
    reached the log `position` the test wrote up to: the API waits for it."""
    page.goto(f"{live_server}/api/v1/{api}?apres={position}")
    page.goto(f"{live_server}{chemin}")


def ouvrir_apres(
    hote: Any, live_server: str, api: str, position: int, chemin: str, **options: Any
) -> Any:
    """A new page of `hote` (a browser or a context; Playwright's `options`) taken to
    `chemin` as `aller_apres` does."""
    page = hote.new_page(**options)
    aller_apres(page, live_server, api, position, chemin)
    return page
