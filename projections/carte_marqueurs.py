"""A place's marker on the public map, escaped once when the place is projected.

The map of a region holds 20,000 markers. Escaping each one's texts (HTML for the popup, then
JSON for inside a script) on every request took most of an uncached map's time; the lieux
projection now stores the result in `lieux.marqueur` (migration 0066), and a request only
joins the stored fragments of the places it shows (projections.carte_requetes).

A fragment is the start of the marker's row, what never changes until the place does:

    [latitude, longitude, "id", "nom", "adresse", services, "telephone", "verifie le"

The request closes it with two indexes into tables it sends once: the commune line
(« 21000 Dijon », shared by many places) and today's hours (« mardi : 9 h – 12 h », which
depend on the day and the département's public holidays, so they are never stored).
`services` is a bit mask over the national standard's 9 services (a list of their escaped
names for any other value, which the domain refuses today). web.carte_js reads these rows.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable, Mapping
from datetime import datetime
from functools import lru_cache
from typing import Any
from urllib.parse import quote
from uuid import UUID
from zoneinfo import ZoneInfo

import msgspec

from domain.lieux.referentiel import SERVICES

PARIS = ZoneInfo("Europe/Paris")

# 5 decimals is about one metre: more precision than any address has, and every extra digit
# costs 20,000 × 2 bytes on a full map.
DECIMALES = 5

_BITS = {service: 1 << i for i, service in enumerate(SERVICES)}


# msgspec writes strings as json.dumps(ensure_ascii=False) does, four times faster; floats
# it writes its own way (0.00001 for 1e-05), so they go through repr, as in json.dumps.
_json = msgspec.json.Encoder().encode


def js(valeur: object) -> str:
    """JSON for inside a <script> element, as small as possible.

    Escaping <, > and & is what keeps a value from closing the <script>; unlike Jinja's
    `tojson` we keep UTF-8 and apostrophes as they are, as "\\u00e9" for every French accent
    adds up to hundreds of kilobytes on a full map.
    """
    return _echapper(json.dumps(valeur, ensure_ascii=False, separators=(",", ":")))


def _echapper(texte: str) -> str:
    return (
        texte.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def texte_html(valeur: str) -> str:
    # Text-node context only, where quotes need no escaping (and French apostrophes are
    # everywhere).
    return html.escape(valeur, quote=False)


@lru_cache(maxsize=65_536)
def telephone_lien(numero: str) -> str:
    # A phone number goes into an href: digits, spaces and + only, so no escaping can be
    # needed beyond this.
    return "".join(c for c in numero if c.isdigit() or c in "+ ")


def jour_verifie(moment: datetime | None) -> str:
    """« 12/03/2025 »: the Paris date of the last verification."""
    return _jour_de_l_heure(int(moment.timestamp() // 3600)) if moment else ""


@lru_cache(maxsize=65_536)
def _jour_de_l_heure(heure: int) -> str:
    # Paris is a whole number of hours from UTC, so one UTC hour falls on one Paris day: the
    # lieux projection asks for tens of thousands of dates, most within a few hours.
    return f"{datetime.fromtimestamp(heure * 3600, PARIS):%d/%m/%Y}"


def ligne_commune(code_postal: str, commune: str) -> str:
    """The popup's commune line, escaped (an entry of the map's COMMUNES table)."""
    return texte_html(f"{code_postal} {commune}".strip())


def services_js(services: Iterable[str]) -> int | list[str]:
    return _services_js(tuple(services))


@lru_cache(maxsize=4096)
def _services_js(services: tuple[str, ...]) -> int | list[str]:
    noms = list(dict.fromkeys(services))
    if all(nom in _BITS for nom in noms):
        return sum(_BITS[nom] for nom in noms)
    return [texte_html(nom) for nom in noms]


def marqueur(
    *,
    id: str | UUID,
    nom: str,
    adresse: str,
    latitude: float,
    longitude: float,
    services: Iterable[str],
    telephone: str,
    verifie: str,
) -> str:
    """The fragment of a marker's row (without its closing indexes and bracket)."""
    reste = _echapper(
        _json(
            [
                # Goes into an href: percent-encoding keeps it inside /lieux/, attribute
                # escaping keeps it inside the quotes; a UUID's text needs neither.
                str(id) if isinstance(id, UUID) else html.escape(quote(id, safe=""), quote=True),
                texte_html(nom),
                texte_html(adresse),
                services_js(services),
                telephone_lien(telephone),
                texte_html(verifie),
            ]
        ).decode()
    )
    return f"[{round(latitude, DECIMALES)!r},{round(longitude, DECIMALES)!r},{reste[1:-1]}"


def marqueur_du_lieu(ligne: Mapping[str, Any]) -> str:
    """The fragment of a row of the lieux read model (its column names)."""
    return marqueur(
        id=ligne["id"],
        nom=ligne["nom"],
        adresse=ligne["adresse"],
        latitude=ligne["latitude"],
        longitude=ligne["longitude"],
        services=ligne["services"] or (),
        telephone=ligne.get("telephone") or "",
        verifie=jour_verifie(ligne["verifie_le"]),
    )


def services_table_js() -> str:
    """The map's SERVICES table, the bits of the mask in order."""
    return js([texte_html(s) for s in SERVICES])
