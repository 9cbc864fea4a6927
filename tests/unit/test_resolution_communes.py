"""The commune resolver on the traps of real files, against the shipped reference (no DB)."""

from __future__ import annotations

import pytest

from domain.errors import DomainError
from domain.lieux.position import distance_km
from mednum.infra.communes import referentiel_communes
from mednum.infra.resolution_communes import (
    ResolveurCommunes,
    departement_du_code_postal,
    resolveur_communes,
)


@pytest.fixture(scope="module")
def resolveur() -> ResolveurCommunes:
    return resolveur_communes(referentiel_communes())


@pytest.mark.parametrize(
    ("nom", "code_postal", "code_insee", "code_postal_retenu", "dit"),
    [
        ("Dijon", "21000", "21231", "21000", None),
        ("Annecy Cedex 03", "74011", "74010", "74000", "mention CEDEX retirée"),
        ("74011 ANNECY CEDEX", "", "74010", "74000", "code postal 74011 remplacé par 74000"),
        ("CHAMONIX", "74400", "74056", "74400", "lu « Chamonix-Mont-Blanc »"),
        ("Cran-Gevrier", "74960", "74010", "74960", "Cran-Gevrier → Annecy (commune déléguée"),
        ("Seynod", "74600", "74010", "74600", "Seynod → Annecy"),
        ("Chenôve", "21000", "21166", "21300", "trouvée par son nom dans le département 21"),
        ("Villeneuve", "04180", "04242", "04180", None),
        ("Villeneuve", "33000", "33551", "33710", "code postal 33000 remplacé par 33710"),
        ("LE CREUSOT", "71200", "71153", "71200", "lu « Creusot »"),
        ("Creusot (Le)", "71200", "71153", "71200", None),
        ("ST ETIENNE", "42000", "42218", "42000", "lu « Saint-Étienne »"),
        ("Ste-Colombe", "89440", "89339", "89440", None),
        ("L’Isle-sur-le-Doubs", "25250", "25315", "25250", None),
        ("Les Abymes", "97139", "97101", "97139", None),
        ("Paris 15e", "75015", "75056", "75015", "arrondissement"),
        ("Béon", "01350", "01138", "01350", "Béon → Culoz"),
    ],
)
def test_each_trap_of_real_files_finds_its_commune_and_says_how(
    resolveur: ResolveurCommunes,
    nom: str,
    code_postal: str,
    code_insee: str,
    code_postal_retenu: str,
    dit: str | None,
) -> None:
    # when a row names its commune so
    resolution = resolveur.resoudre(nom, code_postal)
    # then the right commune, a postcode of it, and what was done, in French
    assert resolution.commune.code_insee == code_insee
    assert resolution.code_postal == code_postal_retenu
    if dit is not None:
        assert dit in " | ".join(resolution.explications)


def test_homonyms_of_one_departement_are_told_apart_by_the_coordinates(
    resolveur: ResolveurCommunes,
) -> None:
    # given two Breuil in the Marne and the postcode of Reims
    with pytest.raises(DomainError, match="ambiguë : Breuil \\(51085\\), Breuil \\(51086\\)"):
        resolveur.resoudre("Breuil", "51100")
    # when the row has coordinates near the second one
    resolution = resolveur.resoudre("Breuil", "51100", 49.29, 3.76)
    assert resolution.commune.code_insee == "51086"
    assert "le plus proche des coordonnées" in " | ".join(resolution.explications)
    resolution = resolveur.resoudre("Breuil", "51100", 48.98, 3.65)
    assert resolution.commune.code_insee == "51085"


def test_a_short_form_shared_by_two_communes_is_not_guessed(resolveur: ResolveurCommunes) -> None:
    # « Saint » starts the names of several communes of 21000's département
    with pytest.raises(DomainError) as refus:
        resolveur.resoudre("Saint", "21000")
    assert refus.value.champ == "commune"


def test_an_unknown_commune_is_refused_with_where_it_was_looked_for(
    resolveur: ResolveurCommunes,
) -> None:
    with pytest.raises(DomainError, match="ni dans le département 21"):
        resolveur.resoudre("Atlantide", "21000")


def test_an_old_insee_code_is_read_as_its_commune_nouvelle(resolveur: ResolveurCommunes) -> None:
    commune = resolveur.par_code_ancien("74093")  # Cran-Gevrier
    assert commune is not None and commune.code_insee == "74010"
    assert resolveur.par_code_ancien("21231") is None  # Dijon is a commune of its own


@pytest.mark.parametrize(
    ("code_postal", "departement"),
    [("21000", "21"), ("20000", "2A"), ("20200", "2B"), ("97139", "971"), ("2100", None)],
)
def test_the_departement_of_a_postcode(code_postal: str, departement: str | None) -> None:
    assert departement_du_code_postal(code_postal) == departement


def test_distance_between_dijon_and_besancon() -> None:
    # about 76 km as the crow flies
    assert 70 < distance_km(47.3220, 5.0415, 47.2380, 6.0243) < 80
    assert distance_km(47.0, 5.0, 47.0, 5.0) == 0
