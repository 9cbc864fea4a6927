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
