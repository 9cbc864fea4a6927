"""Every route states who may use it; none is left open by omission."""

from __future__ import annotations

from litestar import Litestar
from litestar.routes import HTTPRoute

from mednum.settings import Settings
from web.app import create_app
from web.auth.guards import access_rule


def _app() -> Litestar:
    return create_app(Settings(secret_key="x" * 32), "postgresql://unused/none", prepare=False)


def test_every_route_handler_has_an_explicit_access_rule() -> None:
    # given the whole route table
    missing: list[str] = []
    rules: dict[str, str] = {}
    # when each handler's resolved guards are examined
    for route in _app().routes:
        handlers = route.route_handlers if isinstance(route, HTTPRoute) else [route.route_handler]  # type: ignore[attr-defined]
        for handler in handlers:
            if getattr(handler.fn, "__name__", "") == "options_handler":
                continue  # Litestar's automatic OPTIONS answer: an Allow header, no data
            guards = [g for layer in handler.ownership_layers for g in (layer.guards or [])]
            rule = access_rule(guards)
            methods = ",".join(sorted(getattr(handler, "http_methods", ["WS"])))
            if rule is None:
                missing.append(f"{methods} {route.path}")
            else:
                rules[f"{methods} {route.path}"] = rule
    # then none lacks one, and the sensitive ones are the expected ones
    assert not missing, f"routes without an access rule: {missing}"
    assert rules["POST /api/v1/lieux"] == "roles:admin,coordinateur"
    assert rules["GET /api/v1/lieux"] == "public"
    assert rules["GET /carte"] == "public"
    assert rules["GET /lieux"] == "roles:admin,coordinateur"
    assert rules["GET /schema"] == "public"
    assert rules["GET /static/{file_path:path}"] == "public"
    assert len(rules) > 15
    # structures and aidants (issue 3): aidants are personal data, never public
    assert rules["GET /api/v1/structures"] == "public"
    assert rules["POST /api/v1/structures"] == "roles:admin,coordinateur"
    assert rules["GET /api/v1/aidants"] == "roles:admin,coordinateur"
    assert rules["GET /api/v1/aidants/{aidant_id:uuid}"] == "roles:admin,coordinateur"
    assert rules["POST /api/v1/aidants/{aidant_id:uuid}/qualifications"] == (
        "roles:admin,coordinateur"
    )
    assert rules["GET /aidants"] == "roles:admin,coordinateur"
    assert rules["GET /aidants/{aidant_id:uuid}"] == "roles:admin,coordinateur"
    assert rules["GET /structures/{structure_id:uuid}"] == "roles:admin,coordinateur"
    # trainings (issue 3): a public catalogue and sessions, enrolments and writes for coordinators
    assert rules["GET /api/v1/parcours"] == "public"
    assert rules["POST /api/v1/parcours"] == "roles:admin,coordinateur"
    assert rules["GET /api/v1/sessions-formation"] == "public"
    assert rules["GET /api/v1/sessions-formation/{session_id:uuid}/inscriptions"] == (
        "roles:admin,coordinateur"
    )
    assert rules["POST /api/v1/sessions-formation/{session_id:uuid}/inscriptions"] == (
        "roles:admin,coordinateur"
    )
    assert rules["POST /api/v1/sessions-formation/{session_id:uuid}/fins-de-formation"] == (
        "roles:admin,coordinateur"
    )
    assert rules["GET /formations"] == "roles:admin,coordinateur"
    assert rules["GET /formations/sessions/{session_id:uuid}"] == "roles:admin,coordinateur"
    assert rules["POST /formations/sessions/{session_id:uuid}/presences"] == (
        "roles:admin,coordinateur"
    )
    # skills grid and diagnostics (issue 4): a public grid; diagnostics for mediators (and admins)
    assert rules["GET /api/v1/referentiel"] == "public"
    assert rules["GET /api/v1/referentiel/{version:str}"] == "public"
    mediation = "roles:admin,mediateur"
    assert rules["GET /api/v1/beneficiaires/{beneficiaire_id:uuid}/diagnostics"] == mediation
    assert rules["POST /api/v1/beneficiaires/{beneficiaire_id:uuid}/diagnostics"] == mediation
    assert rules["GET /api/v1/beneficiaires/{beneficiaire_id:uuid}/niveaux"] == mediation
    assert rules["POST /api/v1/diagnostics/{diagnostic_id:uuid}/correction"] == mediation
    assert rules["GET /beneficiaires/{beneficiaire_id:uuid}/diagnostic"] == mediation
    # orientation (issue 5): public questionnaire and place link; referrals for mediators
    assert rules["POST /api/v1/orientation/proposer"] == "public"
    assert rules["GET /orientation"] == "public"
    assert rules["POST /orientation/prise-en-charge/{jeton:str}"] == "public"
    assert rules["POST /api/v1/orientations/confirmation"] == "public"
    assert rules["GET /api/v1/orientations"] == mediation
    assert rules["POST /api/v1/orientations/{orientation_id:uuid}/acceptation"] == mediation
    assert rules["POST /beneficiaires/{beneficiaire_id:uuid}/diagnostic"] == mediation
    # the citizens' map (issue 5): public search and reports, a coordinators' queue
    assert rules["GET /api/v1/lieux/proches"] == "public"
    assert rules["POST /lieux/{lieu_id:uuid}/signalement"] == "public"
    assert rules["GET /lieux/signalements"] == "roles:admin,coordinateur"
    assert rules["POST /lieux/signalements/{signalement_id:uuid}/traitement"] == (
        "roles:admin,coordinateur"
    )


def test_activities_are_for_mediators_and_admins_only() -> None:
    # given the route table, when the activities' routes are looked up
    rules: dict[str, str] = {}
    for route in _app().routes:
        if not isinstance(route, HTTPRoute) or "activites" not in route.path:
            continue
        for handler in route.route_handlers:
            guards = [g for layer in handler.ownership_layers for g in (layer.guards or [])]
            for method in handler.http_methods:
                if method != "OPTIONS":
                    rules[f"{method} {route.path}"] = str(access_rule(guards))
    # then each one is for mediators (and admins), never public nor for coordinators
    assert rules["GET /api/v1/activites"] == "roles:admin,mediateur"
    assert rules["POST /api/v1/activites"] == "roles:admin,mediateur"
    assert rules["PATCH /api/v1/activites/{activite_id:uuid}"] == "roles:admin,mediateur"
    assert rules["GET /activites/nouvelle"] == "roles:admin,mediateur"
    assert rules["POST /activites/seance-rapide"] == "roles:admin,mediateur"
    assert rules["GET /activites/statistiques"] == "roles:admin,mediateur"
    assert set(rules.values()) == {"roles:admin,mediateur"}, rules
