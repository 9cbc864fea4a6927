"""A place's stored map marker: the values the popup needs, escaped for HTML then for a
script, for any text a coordinator may type (projections/carte_marqueurs.py)."""

from __future__ import annotations

import datetime as dt
import html
import json
import uuid
from urllib.parse import quote

from hypothesis import given, settings
from hypothesis import strategies as st

from domain.lieux.referentiel import SERVICES
from projections.carte_marqueurs import PARIS, jour_verifie, marqueur, marqueur_du_lieu

FUSEAUX = st.sampled_from(
    [
        dt.UTC,
        PARIS,
        dt.timezone(dt.timedelta(hours=-9, minutes=-30)),
        dt.timezone(dt.timedelta(hours=14)),
    ]
)
INSTANTS = st.datetimes(
    min_value=dt.datetime(1971, 1, 1), max_value=dt.datetime(2099, 12, 31), timezones=FUSEAUX
)


@settings(max_examples=500, deadline=None)
@given(INSTANTS)
def test_the_verification_day_is_the_paris_date_of_the_instant(moment: dt.datetime) -> None:
    assert jour_verifie(moment) == moment.astimezone(PARIS).strftime("%d/%m/%Y")


def test_an_evening_of_summer_in_utc_is_already_the_next_day_in_paris() -> None:
    assert jour_verifie(dt.datetime(2026, 7, 14, 22, 30, tzinfo=dt.UTC)) == "15/07/2026"
    assert jour_verifie(dt.datetime(2026, 12, 31, 22, 59, tzinfo=dt.UTC)) == "31/12/2026"
    assert jour_verifie(None) == ""


@settings(max_examples=500, deadline=None)
@given(
    identifiant=st.one_of(st.uuids(), st.text()),
    nom=st.text(),
    adresse=st.text(),
    latitude=st.floats(-90, 90),
    longitude=st.floats(-180, 180),
    services=st.lists(st.sampled_from(SERVICES), unique=True),
    telephone=st.text(),
    verifie=st.text(),
)
def test_a_marker_reads_back_as_its_escaped_values_and_cannot_close_its_script(
    identifiant: uuid.UUID | str,
    nom: str,
    adresse: str,
    latitude: float,
    longitude: float,
    services: list[str],
    telephone: str,
    verifie: str,
) -> None:
    fragment = marqueur(
        id=identifiant,
        nom=nom,
        adresse=adresse,
        latitude=latitude,
        longitude=longitude,
        services=services,
        telephone=telephone,
        verifie=verifie,
    )
    # No raw <, > or & anywhere: nothing typed can close the <script> or start an entity.
    assert not {"<", ">", "&", "\u2028", "\u2029"} & set(fragment)
    assert json.loads(fragment + "]") == [
        round(latitude, 5),
        round(longitude, 5),
        html.escape(quote(str(identifiant), safe=""), quote=True),
        html.escape(nom, quote=False),
        html.escape(adresse, quote=False),
        sum(1 << SERVICES.index(s) for s in services),
        "".join(c for c in telephone if c.isdigit() or c in "+ "),
        html.escape(verifie, quote=False),
    ]


def test_a_row_of_the_read_model_gives_the_marker_of_its_columns() -> None:
    ligne = {
        "id": uuid.UUID("12345678-1234-5678-1234-567812345678"),
        "nom": "Atelier <Numérique> & Cie",
        "adresse": "2 rue de l'Église",
        "latitude": 47.3220001,
        "longitude": 0.000004,
        "services": [SERVICES[1], SERVICES[0]],
        "telephone": "03 80 00 00 00 (accueil)",
        "verifie_le": dt.datetime(2026, 3, 31, 23, 0, tzinfo=dt.UTC),
    }
    assert marqueur_du_lieu(ligne) == (
        '[47.322,0.0,"12345678-1234-5678-1234-567812345678",'
        '"Atelier \\u0026lt;Numérique\\u0026gt; \\u0026amp; Cie","2 rue de l\'Église",3,'
        '"03 80 00 00 00 ","01/04/2026"'
    )
