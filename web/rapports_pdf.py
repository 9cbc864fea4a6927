"""The PDF of an evaluation report: rapport_pdf.html rendered by WeasyPrint.

Same Jinja environment and filters as the pages (web.templating), so the PDF and the page
cannot drift apart. Nothing is fetched: the HTML has no external URL and a URL fetcher that
refuses everything guarantees it; fonts come from the system (DejaVu). The PDF's dates are
the report's cut-off, not the time of rendering, so one report always gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from functools import cache
from typing import Any, NoReturn

from jinja2 import Environment

from domain.evaluation.rapport import Rapport, contenu_canonique
from web.templating import template_config


@cache
def environnement() -> Environment:
    env: Environment = template_config().to_engine().engine
    return env


def html_du_rapport(rapport: Rapport) -> str:
    date_iso = rapport.arrete_au.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return (
        environnement()
        .get_template("rapport_pdf.html")
        .render(rapport=rapport, date_iso=date_iso, pdf=True)
    )


def _aucun_telechargement(url: str, *args: Any, **kwargs: Any) -> NoReturn:
    raise ValueError(f"Le rapport PDF ne charge aucune ressource extérieure : {url}")


def pdf_du_rapport(rapport: Rapport) -> bytes:
    # Imported here: WeasyPrint loads Pango when imported, which the rest of the app
    # (and a server that never renders a PDF) does not need.
    from weasyprint import HTML

    # A fixed file identifier (pydyf would otherwise hash the output, also fine, but an
    # explicit one says that the same report gives the same PDF).
    identifiant = hashlib.md5(contenu_canonique(rapport), usedforsecurity=False).hexdigest()
    document = HTML(
        string=html_du_rapport(rapport), url_fetcher=_aucun_telechargement, base_url="."
    )
    pdf: bytes | None = document.write_pdf(pdf_identifier=identifiant.encode("ascii"))
    assert pdf is not None
    return pdf
