"""Every route states who may use it; none is left open by omission."""

from __future__ import annotations

from collections.abc import Iterator

from litestar import Litestar
from litestar.routes import HTTPRoute

from mednum.settings import Settings
from web.app import create_app
from web.auth.guards import access_rule


def _app() -> Litestar:
    return create_app(Settings(secret_key="x" * 32), "postgresql://unused/none", prepare=False)


PUBLIC = "public"
COORDINATION = "roles:admin,coordinateur"
MEDIATION = "roles:admin,mediateur"

# The sensitive routes and who may use them.
ATTENDUES = {
    "POST /api/v1/lieux": COORDINATION,
    "GET /api/v1/lieux": PUBLIC,
    "GET /carte": PUBLIC,
    "GET /lieux": COORDINATION,
    "GET /schema": PUBLIC,
    "GET /static/{file_path:path}": PUBLIC,
    # structures and aidants (issue 3): aidants are personal data, never public
    "GET /api/v1/structures": PUBLIC,
    "POST /api/v1/structures": COORDINATION,
    "GET /api/v1/aidants": COORDINATION,
    "GET /api/v1/aidants/{aidant_id:uuid}": COORDINATION,
    "POST /api/v1/aidants/{aidant_id:uuid}/qualifications": COORDINATION,
    "GET /aidants": COORDINATION,
    "GET /aidants/{aidant_id:uuid}": COORDINATION,
    "GET /structures/{structure_id:uuid}": COORDINATION,
    # trainings (issue 3): a public catalogue and sessions, enrolments and writes for coordinators
    "GET /api/v1/parcours": PUBLIC,
    "POST /api/v1/parcours": COORDINATION,
    "GET /api/v1/sessions-formation": PUBLIC,
    "GET /api/v1/sessions-formation/{session_id:uuid}/inscriptions": COORDINATION,
    "POST /api/v1/sessions-formation/{session_id:uuid}/inscriptions": COORDINATION,
    "POST /api/v1/sessions-formation/{session_id:uuid}/fins-de-formation": COORDINATION,
    "GET /formations": COORDINATION,
    "GET /formations/sessions/{session_id:uuid}": COORDINATION,
    "POST /formations/sessions/{session_id:uuid}/presences": COORDINATION,
    # skills grid and diagnostics (issue 4): a public grid; diagnostics for mediators (and admins)
    "GET /api/v1/referentiel": PUBLIC,
    "GET /api/v1/referentiel/{version:str}": PUBLIC,
    "GET /api/v1/beneficiaires/{beneficiaire_id:uuid}/diagnostics": MEDIATION,
    "POST /api/v1/beneficiaires/{beneficiaire_id:uuid}/diagnostics": MEDIATION,
    "GET /api/v1/beneficiaires/{beneficiaire_id:uuid}/niveaux": MEDIATION,
    "POST /api/v1/diagnostics/{diagnostic_id:uuid}/correction": MEDIATION,
    "GET /beneficiaires/{beneficiaire_id:uuid}/diagnostic": MEDIATION,
    # orientation (issue 5): public questionnaire and place link; referrals for mediators
    "POST /api/v1/orientation/proposer": PUBLIC,
    "GET /orientation": PUBLIC,
    "POST /orientation/prise-en-charge/{jeton:str}": PUBLIC,
    "POST /api/v1/orientations/confirmation": PUBLIC,
    "GET /api/v1/orientations": MEDIATION,
    "POST /api/v1/orientations/{orientation_id:uuid}/acceptation": MEDIATION,
    "POST /beneficiaires/{beneficiaire_id:uuid}/diagnostic": MEDIATION,
    # the citizens' map (issue 5): public search and reports, a coordinators' queue
    "GET /api/v1/lieux/proches": PUBLIC,
    "POST /lieux/{lieu_id:uuid}/signalement": PUBLIC,
    "GET /lieux/signalements": COORDINATION,
    "POST /lieux/signalements/{signalement_id:uuid}/traitement": COORDINATION,
}


def _gestionnaires() -> Iterator[tuple[HTTPRoute | None, str, list[str], str | None]]:
    """Every route handler but Litestar's automatic OPTIONS answers (an Allow header, no
    data): its HTTP route (None for a websocket), path, methods and access rule."""
    for route in _app().routes:
        http = route if isinstance(route, HTTPRoute) else None
        handlers = http.route_handlers if http else [route.route_handler]  # type: ignore[attr-defined]
        for handler in handlers:
            if getattr(handler.fn, "__name__", "") == "options_handler":
                continue
            guards = [g for layer in handler.ownership_layers for g in (layer.guards or [])]
            methods = sorted(getattr(handler, "http_methods", ["WS"]))
            yield http, route.path, methods, access_rule(guards)


def test_every_route_handler_has_an_explicit_access_rule() -> None:
    # given the whole route table
    missing: list[str] = []
    rules: dict[str, str] = {}
    # when each handler's resolved guards are examined
    for _, path, methods, rule in _gestionnaires():
        if rule is None:
            missing.append(f"{','.join(methods)} {path}")
        else:
            rules[f"{','.join(methods)} {path}"] = rule
    # then none lacks one, and the sensitive ones are the expected ones
    assert not missing, f"routes without an access rule: {missing}"
    assert len(rules) > 15
    assert {route: rules.get(route) for route in ATTENDUES} == ATTENDUES


def test_activities_are_for_mediators_and_admins_only() -> None:
    # given the route table, when the activities' routes are looked up
    rules: dict[str, str] = {}
    for http, path, methods, rule in _gestionnaires():
        if http is None or "activites" not in path:
            continue
        for method in methods:
            if method != "OPTIONS":
                rules[f"{method} {path}"] = str(rule)
    # then each one is for mediators (and admins), never public nor for coordinators
    for route in (
        "GET /api/v1/activites",
        "POST /api/v1/activites",
        "PATCH /api/v1/activites/{activite_id:uuid}",
        "GET /activites/nouvelle",
        "POST /activites/seance-rapide",
        "GET /activites/statistiques",
    ):
        assert rules[route] == MEDIATION, route
    assert set(rules.values()) == {MEDIATION}, rules
