"""Behind a reverse proxy: X-Forwarded-For is believed from `MEDNUM_TRUSTED_PROXIES` only, so
that the login lockout counts each citizen's address, not the proxy's, and nobody else can
pick their address with a header."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from mednum.cli.main import options_uvicorn
from mednum.settings import Settings, lire_mandataires
from tests.conftest import serve_app
from tests.integration.test_cli import fetchval


def servir(settings: Settings, dsn: str) -> Iterator[str]:
    """The app served as `mednum serve` would serve it: believing X-Forwarded-For from the
    trusted proxies only."""
    options = options_uvicorn(settings)
    with serve_app(
        settings,
        dsn,
        proxy_headers=options["proxy_headers"],
        forwarded_allow_ips=options["forwarded_allow_ips"],
    ) as url:
        yield url


@pytest.fixture(params=[("127.0.0.0/8", "::1"), ()], ids=["derriere-mandataire", "direct"])
def site(request: pytest.FixtureRequest, database_dsn: str, tmp_path: Path) -> Iterator[str]:
    settings = Settings(
        data_dir=tmp_path,
        secret_key="test-secret-key-0123456789abcdef0123456789",
        tiles_url=None,
        trusted_proxies=request.param,
    )
    yield from servir(settings, database_dsn)


def echec_de_connexion(base: str, adresse: str) -> None:
    with httpx.Client(base_url=base, headers={"X-Forwarded-For": adresse}) as http:
        page = http.get("/connexion")
        jeton = re.search(r'name="_csrf_token" value="([^"]+)"', page.text)
        assert jeton
        reponse = http.post(
            "/connexion",
            data={"email": "x@example.fr", "password": "faux", "_csrf_token": jeton.group(1)},
        )
        assert reponse.status_code == 400


def test_the_lockout_counts_the_forwarded_client_only_from_trusted_proxies(
    site: str, database_dsn: str, request: pytest.FixtureRequest
) -> None:
    # when two citizens fail to log in through the proxy (here, on the loopback)
    echec_de_connexion(site, "203.0.113.7")
    echec_de_connexion(site, "198.51.100.1, 203.0.113.8")
    clients = fetchval(database_dsn, "SELECT array_agg(client ORDER BY at) FROM login_attempts")
    if "direct" in request.node.callspec.id:
        # then without trusted proxies the header is ignored: the connection's address counts
        assert clients == ["127.0.0.1", "127.0.0.1"]
    else:
        # then each is counted under their own address (the nearest one the proxy saw)
        assert clients == ["203.0.113.7", "203.0.113.8"]


def test_a_typo_in_the_trusted_proxies_stops_the_start() -> None:
    assert lire_mandataires(" 10.0.0.0/8, 192.168.1.2 ,") == ("10.0.0.0/8", "192.168.1.2")
    with pytest.raises(ValueError, match=r"« 10\.0\.0\.300 »"):
        lire_mandataires("10.0.0.300")
