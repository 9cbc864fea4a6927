"""Rendering pages: every template gets the user, the CSP nonce and the CSRF token."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from jinja2 import Environment
from litestar import Request
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.response import Template
from litestar.template.config import TemplateConfig
from litestar.utils.scope.state import ScopeState

from domain.evaluation.periodes import MOIS
from domain.lieux.historique import libelle_source
from domain.lieux.horaires import HorairesInvalides, decrire_jours, parse_horaires
from mednum.accounts import Role
from web.auth.guards import current_user
from web.deps import reglages, saisie_en_cours
from web.formulaires import champ_visible, libelle_erreur, territoire_du_hub
from web.libelles import libelle_champ, valeur_fr
from web.rapport_filtres import FILTRES_RAPPORT
from web.security import csp_nonce
from web.static_assets import TEMPLATES_DIR, url_statique

PARIS = ZoneInfo("Europe/Paris")


def date_fr(value: datetime | None, with_time: bool = True) -> str:
    if value is None:
        return ""
    local = value.astimezone(PARIS)
    text = f"{local.day} {MOIS[local.month - 1]} {local.year}"
    return f"{text} à {local:%H:%M}" if with_time else text


def nombre_fr(value: int | float) -> str:
    return f"{value:,}".replace(",", "\u202f").replace(".", ",")


_JOURS_COURTS = {
    "lundi": "lun.",
    "mardi": "mar.",
    "mercredi": "mer.",
    "jeudi": "jeu.",
    "vendredi": "ven.",
    "samedi": "sam.",
    "dimanche": "dim.",
}


@lru_cache(maxsize=4096)
def horaires_fr(texte: str | None) -> str:
    """OSM opening hours as a citizen reads them: « lun.–ven. 9 h – 12 h ; sam. 9 h – 12 h ».

    Cached: the map's list shows 50 places a page, sharing a few hours strings, and this
    parses them (a third of a cached map page's time)."""
    if not texte:
        return ""
    try:
        jours = decrire_jours(parse_horaires(texte))[:7]
    except HorairesInvalides:
        return texte
    groupes: list[tuple[list[str], str]] = []
    for jour, plages in jours:
        if groupes and groupes[-1][1] == plages:
            groupes[-1][0].append(jour)
        else:
            groupes.append(([jour], plages))
    morceaux = []
    for noms, plages in groupes:
        if plages == "fermé":
            continue
        debut, fin = _JOURS_COURTS[noms[0]], _JOURS_COURTS[noms[-1]]
        jours_txt = (
            debut if len(noms) == 1 else f"{debut} et {fin}" if len(noms) == 2 else f"{debut}–{fin}"
        )
        morceaux.append(f"{jours_txt} {plages}")
    return " ; ".join(morceaux) or "fermé toute la semaine"


def telephone_fr(numero: str | None) -> str:
    """+33380488230 → 03 80 48 82 30, as people read and dial it in France."""
    if not numero:
        return ""
    if numero.startswith("+33") and len(numero) == 12:
        national = "0" + numero[3:]
        return " ".join(national[i : i + 2] for i in range(0, 10, 2))
    return numero


FILTERS = {
    "date_fr": date_fr,
    "nombre_fr": nombre_fr,
    "horaires_fr": horaires_fr,
    "telephone_fr": telephone_fr,
    "libelle_champ": libelle_champ,
    "libelle_erreur": libelle_erreur,
    "champ_visible": champ_visible,
    "valeur_fr": valeur_fr,
    "source_fr": libelle_source,
    "statique": url_statique,
}


# Where to send someone outside the hub's territory: the national map of help (a link only).
CARTOGRAPHIE_NATIONALE = "https://cartographie.societenumerique.gouv.fr/"


def _configure(engine: JinjaTemplateEngine) -> None:
    env: Environment = engine.engine
    env.filters.update(FILTERS)
    env.filters.update(FILTRES_RAPPORT)
    env.globals["territoire_du_hub"] = territoire_du_hub
    env.globals["cartographie_nationale"] = CARTOGRAPHIE_NATIONALE


def template_config() -> TemplateConfig[JinjaTemplateEngine]:
    return TemplateConfig(
        directory=TEMPLATES_DIR, engine=JinjaTemplateEngine, engine_callback=_configure
    )


def contexte_hors_ligne(request: Request[Any, Any, Any]) -> dict[str, Any]:
    """What a mediator's pages tell the offline scripts (web/pages/hors_ligne.py): whose
    page it is, how long the browser may keep offline data, when the page was made (a page
    the service worker serves from its cache says an older time). Empty for anyone else."""
    user = current_user(request)
    if user is None or user.role is not Role.MEDIATEUR:
        return {}
    return {
        "utilisateur": str(user.id),
        "jours": reglages(request).hors_ligne_jours,
        "rendu_le": int(datetime.now(UTC).timestamp() * 1000),
    }


def page(
    request: Request[Any, Any, Any],
    template_name: str,
    *,
    status_code: int = 200,
    headers: dict[str, str] | None = None,
    **context: Any,
) -> Template:
    state = ScopeState.from_scope(request.scope)
    csrf = state.csrf_token if isinstance(state.csrf_token, str) else ""
    base = {
        "user": current_user(request),
        "csp_nonce": csp_nonce(request.scope),
        "csrf_token": csrf,
        "nav_actif": None,
        "flash": None,
        "request_base_url": str(request.base_url).rstrip("/"),
        "hors_ligne": contexte_hors_ligne(request),
        "saisie_en_cours": saisie_en_cours(request),
    }
    return Template(
        template_name=template_name,
        context=base | context,
        status_code=status_code,
        headers=headers,
    )
