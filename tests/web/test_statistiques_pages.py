"""« Mes chiffres »: each figure beside the same period a year earlier by default, or the
previous period; accompaniments month by month (SVG and table); the figures as CSV."""

from __future__ import annotations

import csv
import io

from litestar.testing import TestClient

from projections.activites_statistiques import un_an_avant
from tests.web.conftest import login
from tests.web.outils_api import aujourdhui
from tests.web.outils_connexion import jeton
from tests.web.test_accueil import seance


def test_figures_beside_n_minus_one_month_by_month_and_as_csv(
    client: TestClient, database_dsn: str
) -> None:
    moi = jeton(database_dsn, "med@example.fr")
    # given 3 sessions today, 1 the same day a year ago and 2 yesterday
    for _ in range(3):
        seance(client, moi, 0)
    il_y_a_un_an = (aujourdhui() - un_an_avant(aujourdhui())).days
    seance(client, moi, il_y_a_un_an, motif_retard="Saisie de l'année passée")
    seance(client, moi, 1, duree=30)
    derniere = seance(client, moi, 1, duree=30)
    client.get("/api/v1/activites", params={"apres": derniere["position"]}, headers=moi)
    login(client, "med@example.fr")
    jour = aujourdhui().isoformat()
    # when she looks at today
    texte = client.get(f"/activites/statistiques?du={jour}&au={jour}").text
    # then today's 3 accompaniments stand beside last year's 1 (+200 %)
    ligne = texte[texte.index('<th scope="row">Accompagnements</th>') :].split("</tr>")[0]
    assert '<td data-libelle="Période">3</td><td data-libelle="N-1">1</td>' in ligne
    assert "+200 %" in ligne
    assert f"du {un_an_avant(aujourdhui()):%d/%m/%Y}" in texte
    # and the month's chart is an image with a text alternative and a table of its data
    assert 'role="img" aria-labelledby="graphique-titre graphique-desc"' in texte
    assert "Voir les données du graphique en tableau" in texte
    # when she compares with the previous period instead (yesterday), then 3 beside 2
    avant = client.get(f"/activites/statistiques?du={jour}&au={jour}&comparaison=precedente")
    ligne = avant.text[avant.text.index('<th scope="row">Accompagnements</th>') :]
    assert '<td data-libelle="Période précédente">2</td>' in ligne.split("</tr>")[0]
    # and the figures come as a CSV Excel opens: BOM, « ; », a decimal comma
    export = client.get(f"/activites/statistiques.csv?du={jour}&au={jour}")
    assert export.status_code == 200 and export.content.startswith("\ufeff".encode())
    assert f"mes-chiffres-{jour}-{jour}.csv" in export.headers["content-disposition"]
    lignes = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig")), delimiter=";"))
    assert lignes[0][0] == "Tableau" and "N-1" in lignes[0][3]
    assert ["Chiffres généraux", "Accompagnements", "3", "1"] in lignes
    assert ["Chiffres généraux", "Heures d'activité", "2,2", "0,8"] in lignes
    # and the API gives N-1 when asked (its default stays the previous period)
    parametres = {"du": jour, "au": jour}
    api = client.get("/api/v1/activites/statistiques", params=parametres, headers=moi).json()
    assert api["precedente"]["accompagnements"] == 2 and api["reference"] == "precedente"
    parametres["comparaison"] = "annee"
    api = client.get("/api/v1/activites/statistiques", params=parametres, headers=moi).json()
    assert api["precedente"]["accompagnements"] == 1 and api["reference"] == "annee"
    # and a bad choice is refused, naming the field
    refus = client.get(f"/activites/statistiques?du={jour}&au={jour}&comparaison=hier")
    assert refus.status_code == 422 and 'id="comparaison-erreur"' in refus.text
    assert client.get("/activites/statistiques.csv?comparaison=hier").status_code in (400, 422)
