"""Headless Chromium (Debian's `chromium`) driven by Playwright against a real server.

Without Chromium the browser tests are skipped with a message, unless MEDNUM_REQUIRE_BROWSER=1
(set by .ci/run), which turns a missing browser into a failure.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def _browser_missing_reason() -> str | None:
    if not (Path(CHROMIUM).exists() or shutil.which("chromium")):
        return "Chromium absent : installez le paquet Debian « chromium » pour les tests navigateur"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright absent : `pip install -e '.[dev]'`"
    return None


# Module scope: Playwright's sync API keeps an event loop running in the main thread while it
# is open, which other tests' `asyncio.run` would trip over.
@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    reason = _browser_missing_reason()
    if reason:
        if os.environ.get("MEDNUM_REQUIRE_BROWSER") == "1":
            pytest.fail(f"MEDNUM_REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


def se_connecter(
    page: object,
    live_server: str,
    email: str,
    suivant: str | None = None,
    arrivee: str | None = None,
) -> None:
    """Log in through the login form (the password every test account has).

    With `suivant`, the form is opened as a protected page opens it, and the login waits for
    that page; with `arrivee`, for that URL (where the role lands by itself); otherwise for any
    page but the login one."""
    from tests.web.conftest import PASSWORD

    p: Any = page
    p.goto(f"{live_server}/connexion" + (f"?suivant={suivant}" if suivant else ""))
    p.get_by_label("Adresse e-mail").fill(email)
    p.get_by_label("Mot de passe").fill(PASSWORD)
    p.get_by_role("button", name="Se connecter").click()
    if arrivee is not None:
        p.wait_for_url(arrivee)
    elif suivant is not None:
        p.wait_for_url(f"**{suivant}")
    else:
        p.wait_for_url(lambda url: "/connexion" not in url)
