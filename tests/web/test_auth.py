"""Login, session rotation, CSRF, roles and API tokens, through the real app."""

from __future__ import annotations

from argon2 import Type, extract_parameters
from litestar.testing import TestClient

from tests.conftest import HACHEUR_DE_PRODUCTION
from tests.web.conftest import PASSWORD, create_token, create_user, csrf_from, login
from tests.web.outils_connexion import connecter


def test_login_rotates_a_session_id_chosen_by_the_client(
    client: TestClient, database_dsn: str
) -> None:
    # given an attacker-chosen session id planted in the victim's browser
    create_user(database_dsn, "coord@example.fr", "coordinateur")
    planted = "a" * 64
    client.cookies.set("mednum_session", planted, domain="testserver.local")
    # when the victim logs in
    issued = login(client, "coord@example.fr")
    # then the session lives under a new id, and the planted id gives no access
    assert issued != planted
    assert client.get("/lieux").status_code == 200
    client.cookies.clear()
    client.cookies.set("mednum_session", planted, domain="testserver.local")
    assert client.get("/lieux", follow_redirects=False).status_code in (302, 303)


def test_login_rotates_an_existing_session_id(client: TestClient, database_dsn: str) -> None:
    # given a user already logged in once (a known, server-issued id)
    create_user(database_dsn, "coord@example.fr", "coordinateur")
    first = login(client, "coord@example.fr")
    # when logging in again
    second = login(client, "coord@example.fr")
    # then the id changed and the old one is dead
    assert second != first
    client.cookies.clear()
    client.cookies.set("mednum_session", first, domain="testserver.local")
    assert client.get("/lieux", follow_redirects=False).status_code in (302, 303)


def test_passwords_are_hashed_with_argon2id_at_its_recommended_cost() -> None:
    # given the hasher the application uses outside the tests (they swap in a cheap one)
    # when a password is hashed
    parameters = extract_parameters(HACHEUR_DE_PRODUCTION.hash(PASSWORD))
    # then it is argon2id with at least OWASP's minimum: 19 MiB and two passes
    assert parameters.type is Type.ID
    assert parameters.memory_cost >= 19 * 1024
    assert parameters.time_cost >= 2


def test_anonymous_visitors_get_no_session_cookie(client: TestClient) -> None:
    response = client.get("/carte")
    assert response.status_code == 200
    assert "mednum_session" not in response.headers.get("set-cookie", "")


def test_logout_ends_the_session(client: TestClient, database_dsn: str) -> None:
    connecter(client, database_dsn, "coord@example.fr", "coordinateur")
    token = csrf_from(client, "/lieux")
    response = client.post("/deconnexion", data={"_csrf_token": token}, follow_redirects=False)
    assert response.status_code in (302, 303)
    assert client.get("/lieux", follow_redirects=False).status_code in (302, 303)


def test_wrong_password_is_refused_in_french(client: TestClient, database_dsn: str) -> None:
    create_user(database_dsn, "coord@example.fr", "coordinateur")
    token = csrf_from(client)
    response = client.post(
        "/connexion", data={"email": "coord@example.fr", "password": "faux", "_csrf_token": token}
    )
    assert response.status_code == 400
    assert "mot de passe incorrect" in response.text


def test_login_is_throttled_after_repeated_failures(client: TestClient, database_dsn: str) -> None:
    create_user(database_dsn, "coord@example.fr", "coordinateur")
    token = csrf_from(client)
    form = {"email": "coord@example.fr", "password": "faux", "_csrf_token": token}
    codes = [client.post("/connexion", data=form).status_code for _ in range(6)]
    assert codes[:5] == [400] * 5
    assert codes[5] == 429
    # even the right password waits now
    right = client.post("/connexion", data={**form, "password": PASSWORD})
    assert right.status_code == 429
    assert "patientez" in right.text


def test_form_post_without_csrf_token_is_refused(client: TestClient, database_dsn: str) -> None:
    create_user(database_dsn, "coord@example.fr", "coordinateur")
    response = client.post("/connexion", data={"email": "coord@example.fr", "password": PASSWORD})
    assert response.status_code == 403
    assert "CSRF" in response.text


def test_cookie_authenticated_api_write_needs_the_csrf_header(
    client: TestClient, database_dsn: str
) -> None:
    # given a coordinator logged in with a browser session
    connecter(client, database_dsn, "coord@example.fr", "coordinateur")
    body = {"command_id": "0b5c8a3e-9d2f-4e1a-8b7c-6d5e4f3a2b1c", "version": 1, "motif": ""}
    url = "/api/v1/lieux/0b5c8a3e-9d2f-4e1a-8b7c-6d5e4f3a2b1c/fermeture"
    # when it writes through the API without the x-csrftoken header: refused
    assert client.post(url, json=body).status_code == 403
    # with the header, the request reaches the handler (here: no such place)
    token = client.cookies.get("mednum_csrf")
    response = client.post(url, json=body, headers={"x-csrftoken": token or ""})
    assert response.status_code == 404


def test_roles_are_enforced_on_the_api(client: TestClient, database_dsn: str) -> None:
    mediateur = create_user(database_dsn, "med@example.fr", "mediateur")
    token = create_token(database_dsn, mediateur)
    body = {"command_id": "0b5c8a3e-9d2f-4e1a-8b7c-6d5e4f3a2b1c"}
    anonymous = client.post("/api/v1/lieux", json=body)
    assert anonymous.status_code == 401
    forbidden = client.post(
        "/api/v1/lieux", json=body, headers={"Authorization": f"Bearer {token}"}
    )
    assert forbidden.status_code == 403
    assert "rôle" in forbidden.json()["detail"]


def test_unknown_api_token_is_refused(client: TestClient) -> None:
    response = client.get("/api/v1/lieux", headers={"Authorization": "Bearer mn_inconnu"})
    assert response.status_code == 401
    assert "Jeton" in response.json()["detail"]


def test_pages_for_coordinators_redirect_anonymous_visitors_to_login(client: TestClient) -> None:
    response = client.get("/lieux/nouveau", follow_redirects=False)
    assert response.status_code in (302, 303)
    assert response.headers["location"].startswith("/connexion?suivant=")


def test_security_headers_and_csp_nonce(client: TestClient) -> None:
    response = client.get("/carte")
    csp = response.headers["content-security-policy"]
    assert "script-src 'self' 'nonce-" in csp
    nonce = csp.split("'nonce-")[1].split("'")[0]
    assert f'nonce="{nonce}"' in response.text
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "frame-ancestors 'none'" in csp
