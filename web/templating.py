"""Rendering pages: every template gets the user, the CSP nonce and the CSRF token."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from jinja2 import Environment
from litestar import Request
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.response import Template
from litestar.template.config import TemplateConfig
from litestar.utils.scope.state import ScopeState

from web.auth.guards import current_user
from web.security import csp_nonce
from web.static_assets import TEMPLATES_DIR

PARIS = ZoneInfo("Europe/Paris")
_MOIS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def date_fr(value: datetime | None, with_time: bool = True) -> str:
    if value is None:
        return ""
    local = value.astimezone(PARIS)
    text = f"{local.day} {_MOIS[local.month - 1]} {local.year}"
    return f"{text} à {local:%H:%M}" if with_time else text


def nombre_fr(value: int | float) -> str:
    return f"{value:,}".replace(",", "\u202f").replace(".", ",")


def _configure(engine: JinjaTemplateEngine) -> None:
    env: Environment = engine.engine
    env.filters["date_fr"] = date_fr
    env.filters["nombre_fr"] = nombre_fr


def template_config() -> TemplateConfig[JinjaTemplateEngine]:
    return TemplateConfig(
        directory=TEMPLATES_DIR, engine=JinjaTemplateEngine, engine_callback=_configure
    )


def page(
    request: Request[Any, Any, Any], template_name: str, *, status_code: int = 200, **context: Any
) -> Template:
    state = ScopeState.from_scope(request.scope)
    csrf = state.csrf_token if isinstance(state.csrf_token, str) else ""
    base = {
        "user": current_user(request),
        "csp_nonce": csp_nonce(request.scope),
        "csrf_token": csrf,
        "nav_actif": None,
        "flash": None,
    }
    return Template(template_name=template_name, context=base | context, status_code=status_code)
