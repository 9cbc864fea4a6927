"""Every output a funder reads, rendered from one hand-built report (rapport_exemple.py):
SVG charts and maps, HTML, PDF, XLSX, CSV. Hidden cells never show their value."""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import msgspec
import openpyxl
import pytest

from domain.evaluation.rapport import CommuneCarte, Rapport
from domain.evaluation.textes import texte_cellule, texte_valeur, texte_variation
from mednum.rapports.cartes import GRIS, RAMPE_COUVERTURE, RAMPE_IFN, carte_couverture, carte_ifn
from mednum.rapports.graphiques import svg_chiffres_cles, svg_tableau
from mednum.rapports.tableur import csv_du_rapport, nom_de_feuille, xlsx_du_rapport
from tests.unit.rapport_exemple import (
    DEPARTEMENTS,
    DIJON_METROPOLE,
    MASQUEE,
    RIVES_DE_SAONE,
    THEMATIQUES,
    rapport_exemple,
)
from web.rapport_filtres import carte_gardee
from web.rapports_pdf import environnement, html_du_rapport, pdf_du_rapport

SVG = "{http://www.w3.org/2000/svg}"
FUITES = ("98765", "98\u202f765", "98 765")


@pytest.fixture
def rapport() -> Rapport:
    return rapport_exemple()


def _hors_bfc(rapport: Rapport) -> Rapport:
    paris = CommuneCarte(code="75056", nom="Paris", epci="200054781", ifn=4.0, lieux=3)
    return msgspec.structs.replace(rapport, communes=[paris])


def _xml(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own output, not untrusted input


def _textes(racine: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in racine.iter(f"{SVG}text")]


def _sans_fuite(texte: str) -> None:
    for fuite in FUITES:
        assert fuite not in texte


# --- text of figures ---


def test_french_numbers_units_and_hidden_cells() -> None:
    assert texte_valeur(12345) == "12\u202f345"
    assert texte_valeur(12.5, "pourcentage") == "12,5\u00a0%"
    assert texte_valeur(1234.4, "euros") == "1\u202f234\u00a0€"
    assert texte_valeur(3.5, "heures") == "3,5\u00a0h"
    assert texte_cellule(MASQUEE, "nombre", 11) == "< 11"
    assert texte_cellule(THEMATIQUES.lignes[2].cellules[0], "nombre", 11) == "s"
    assert texte_cellule(DEPARTEMENTS.lignes[1].cellules[0], "nombre", 11) == "—"


def test_variation_percent_points_and_hidden(rapport: Rapport) -> None:
    lieux, _, couverture, cout, masquee = rapport.chiffres_cles
    assert texte_variation(lieux) == "+5,0\u00a0%"  # 42 / 40
    assert texte_variation(couverture) == "+2,5\u00a0pt"  # 12.5 - 10.0
    assert texte_variation(cout) == "-5,0\u00a0%"  # (1234.4 - 1300) / 1300
    assert texte_variation(masquee) == "—"


# --- charts ---


def test_table_chart_is_accessible_svg_with_values_as_text() -> None:
    svg = svg_tableau(THEMATIQUES, 11)
    racine = _xml(svg)
    assert racine.get("role") == "img"
    assert racine.findtext(f"{SVG}title") == "Accompagnements par thématique"
    assert "Démarches en ligne : mars 2026 120, mars 2025 95" in racine.findtext(f"{SVG}desc", "")
    textes = _textes(racine)
    for attendu in ("120", "95", "< 11", "14", "s", "23", "mars 2026", "mars 2025"):
        assert attendu in textes
    _sans_fuite(svg)
    barres = [r for r in racine.iter(f"{SVG}rect") if r.get("class") == "barre"]
    # 120 is the largest value: 270 px; 95 → 213.8; hidden cells draw a 26 px hatched stub.
    assert [(b.get("fill"), b.get("width")) for b in barres] == [
        ("#1f4e79", "270.0"),
        ("#9dc3e6", "213.8"),
        ("url(#g-M4-6-thematiques-hachures)", "26"),
        ("#9dc3e6", "31.5"),
        ("url(#g-M4-6-thematiques-hachures)", "26"),
        ("#9dc3e6", "51.8"),
    ]
    # on a 390 px phone the chart is drawn at about its own size: its text stays legible
    assert float(racine.get("width", "0")) <= 360
    hachurees = [r for r in racine.iter(f"{SVG}rect") if r.get("fill", "").startswith("url(")]
    assert len(hachurees) == 3  # two hidden cells and the legend's swatch


def test_key_figures_chart(rapport: Rapport) -> None:
    svg = svg_chiffres_cles(rapport)
    racine = _xml(svg)
    assert racine.findtext(f"{SVG}title") == "Chiffres clés : mars 2026 comparé à mars 2025"
    textes = _textes(racine)
    for attendu in ("12\u202f345", "11\u202f000", "12,5\u00a0%", "1\u202f234\u00a0€", "< 11"):
        assert attendu in textes
    _sans_fuite(svg)


# --- maps ---


def test_ifn_choropleth_one_path_per_commune_with_ramp_and_grey(rapport: Rapport) -> None:
    svg = carte_ifn(rapport)
    assert svg is not None
    racine = _xml(svg)
    assert racine.findtext(f"{SVG}title") == "Fragilité numérique (IFN) — Côte-d'Or"
    fills = {p.get("data-commune"): p.get("fill") for p in racine.iter(f"{SVG}path")}
    assert fills == {
        "21231": RAMPE_IFN[0],  # 3.9 < 4.4
        "21166": RAMPE_IFN[6],  # 7.8 >= 7.6
        "21031": RAMPE_IFN[2],  # 5.2: a bound belongs to the class above
        "21515": GRIS,  # no index
    }
    assert len(list(racine.iter(f"{SVG}circle"))) == 2 + 1  # two places, the legend's dot
    assert "moins de 4,4 (1)" in _textes(racine)


def test_coverage_map_by_epci_hidden_is_hatched(rapport: Rapport) -> None:
    svg = carte_couverture(rapport)
    assert svg is not None
    racine = _xml(svg)
    fills = {p.get("data-commune"): p.get("fill") for p in racine.iter(f"{SVG}path")}
    assert fills == {
        "21231": RAMPE_COUVERTURE[3],  # 12.5 % in [10, 25)
        "21166": RAMPE_COUVERTURE[3],
        "21515": RAMPE_COUVERTURE[3],
        "21031": "url(#g-carte-couverture-hachures)",
    }
    assert "CC Rives de Saône : < 11" in racine.findtext(f"{SVG}desc", "")


def test_no_map_outside_the_region(rapport: Rapport) -> None:
    ailleurs = _hors_bfc(rapport)
    assert carte_ifn(ailleurs) is None
    assert carte_couverture(ailleurs) is None
    html = environnement().get_template("rapport_contenu.html").render(rapport=ailleurs)
    assert html.count("Carte non disponible pour ce territoire") == 2


# --- HTML ---


def cellules(html: str) -> list[str]:
    """The figures of the report's tables, as a reader sees them."""
    return re.findall(r'<td class="rapport__nombre"[^>]*>([^<]*)</td>', html)


def test_html_body_has_tables_maps_annex_and_no_hidden_value(rapport: Rapport) -> None:
    html = environnement().get_template("rapport_contenu.html").render(rapport=rapport)
    assert '<h1 class="rapport__titre">Rapport d&#39;évaluation — mars 2026</h1>' in html
    assert "Données arrêtées au 2 avril 2026 à 10:15 (position 4242)" in html
    # key figures, two maps, two tables of counts and the EPCI coverage (no chart of rates
    # of mixed units)
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg" role="img"') == 6
    assert "<caption>Accompagnements par thématique (nombre)</caption>" in html
    assert '<th scope="row">Utilisation sécurisée du numérique</th>' in html
    assert "&lt; 11" in cellules(html)
    assert "Annexe : méthode" in html and "bénéficiaires uniques 12 mois" in html
    _sans_fuite(html)


def test_html_rates_show_their_parts_or_non_calculable(rapport: Rapport) -> None:
    html = environnement().get_template("rapport_contenu.html").render(rapport=rapport)
    chiffres = cellules(html)
    assert "18,2\u00a0% (54\u00a0/\u00a0297)" in chiffres
    assert "non calculable (0\u00a0/\u00a00)" in chiffres
    # no funds recorded: the cost per beneficiary is not « 0 € »
    assert "non calculable (—\u00a0/\u00a0267)" in chiffres
    assert "48\u00a0€ (12\u202f000,5\u00a0/\u00a0250)" in chiffres
    # the key figure and the EPCI table of coverage
    assert chiffres.count("12,5\u00a0% (25\u00a0/\u00a0200)") == 3
    assert ">0\u00a0%" not in html and ">0\u00a0€" not in html


# --- XLSX and CSV ---


def _lignes_xlsx(contenu: bytes) -> dict[str, list[tuple[object, ...]]]:
    classeur = openpyxl.load_workbook(io.BytesIO(contenu))
    return {f.title: list(f.iter_rows(values_only=True)) for f in classeur.worksheets}


def test_xlsx_sheets_ids_and_hidden_cells_as_text(rapport: Rapport) -> None:
    contenu = xlsx_du_rapport(rapport)
    feuilles = _lignes_xlsx(contenu)
    assert list(feuilles) == [
        "Chiffres clés",
        "M4.6.thematiques",
        "M4.1.departements",
        "M1.2.detail",
        "M4.12.epci",
        "Méthode",
    ]
    chiffres = feuilles["Chiffres clés"]
    assert chiffres[0] == (
        "indicateur",
        "libellé",
        "mars 2026",
        "mars 2026 — numérateur",
        "mars 2026 — dénominateur",
        "mars 2025",
        "mars 2025 — numérateur",
        "mars 2025 — dénominateur",
        "évolution",
        "unité",
    )
    assert [r[0] for r in chiffres[1:]] == ["M1.1", "M4.1", "M4.12", "M4.14", "M4.11"]
    assert chiffres[3][2:8] == (12.5, 25, 200, 10, 20, 200)
    assert chiffres[5][2:8] == ("< 11", None, None, 15, None, None)
    thematiques = feuilles["M4.6.thematiques"]
    assert thematiques[0][4:] == ("mars 2026", "mars 2025", "unité")
    assert [r[0] for r in thematiques[1:]] == ["M4.6"] * 4
    assert thematiques[2][4:] == ("< 11", 14, "nombre")
    assert thematiques[3][4:] == ("s", 23, "nombre")
    assert thematiques[4][2:6] == ("total", "Total", 147, 132)
    assert [r[0] for r in feuilles["M4.1.departements"][1:]] == ["M4.1"] * 3
    assert feuilles["M4.1.departements"][2][4] is None
    fraicheur = feuilles["M1.2.detail"]
    assert fraicheur[1][4:] == (18.2, 54, 297, "non calculable", 0, 0, "pourcentage")
    assert fraicheur[2][4:] == ("non calculable", None, 267, 48, 12000.5, 250, "euros")
    assert feuilles["M4.12.epci"][1:] == [
        ("M4.12", "M4.12.epci", DIJON_METROPOLE, "Dijon Métropole", 12.5, 25, 200, "pourcentage"),
        (
            "M4.12",
            "M4.12.epci",
            RIVES_DE_SAONE,
            "CC Rives de Saône",
            "< 11",
            None,
            None,
            "pourcentage",
        ),
    ]
    assert [r[0] for r in feuilles["Méthode"][1:3]] == ["M4.1", "M4.12"]
    classeur = openpyxl.load_workbook(io.BytesIO(contenu))
    assert classeur["M1.2.detail"]["E2"].number_format == '0.0" %"'
    assert classeur["M1.2.detail"]["F2"].number_format == "#,##0.##"
    assert str(classeur.properties.created) == "2026-04-02 08:15:00"
    assert str(classeur.properties.modified) == "2026-04-02 08:15:00"
    assert xlsx_du_rapport(rapport) == contenu
    for lignes in feuilles.values():
        for ligne in lignes:
            assert 98765 not in ligne


def test_sheet_names_are_short_valid_and_unique() -> None:
    pris: set[str] = set()
    noms = [nom_de_feuille(n, pris) for n in ["Méthode", "méthode", "A" * 40, "A" * 40, "x/y:z"]]
    assert noms == ["Méthode", "méthode~2", "A" * 31, "A" * 29 + "~2", "x_y_z"]


def test_csv_long_format_same_ids_as_xlsx(rapport: Rapport) -> None:
    texte = csv_du_rapport(rapport)
    assert texte.startswith(
        "\ufeffindicateur;tableau;modalite;libelle;colonne;valeur;statut;numerateur;"
        "denominateur;unite\r\n"
    )
    lignes = list(csv.DictReader(io.StringIO(texte.removeprefix("\ufeff")), delimiter=";"))
    assert len(lignes) == 5 * 2 + 4 * 2 + 3 * 2 + 2 * 2 + 2
    feuilles = _lignes_xlsx(xlsx_du_rapport(rapport))
    ids_xlsx = {r[0] for nom, f in feuilles.items() if nom != "Méthode" for r in f[1:]}
    assert {ligne["indicateur"] for ligne in lignes} == ids_xlsx
    par_cle = {(x["tableau"], x["modalite"], x["colonne"]): x for x in lignes}
    assert par_cle["M4.6.thematiques", "securite", "mars 2026"]["valeur"] == "< 11"
    assert par_cle["M4.6.thematiques", "securite", "mars 2026"]["statut"] == "masquee"
    assert par_cle["M4.6.thematiques", "parentalite", "mars 2026"]["valeur"] == "s"
    assert par_cle["M4.6.thematiques", "parentalite", "mars 2026"]["statut"] == (
        "masquee_secondaire"
    )
    assert par_cle["chiffres_cles", "M4.12", "mars 2026"]["valeur"] == "12,5"
    assert par_cle["chiffres_cles", "M4.14", "mars 2026"]["valeur"] == "1234,4"
    assert par_cle["M4.1.departements", "25", "mars 2026"]["valeur"] == ""
    assert {x["statut"] for x in lignes} == {
        "publiee",
        "masquee",
        "masquee_secondaire",
        "non_calculable",
    }
    parties = ("valeur", "statut", "numerateur", "denominateur", "unite")
    fraicheur = par_cle["M1.2.detail", "M1.2.0", "mars 2026"]
    assert [fraicheur[c] for c in parties] == ["18,2", "publiee", "54", "297", "pourcentage"]
    cout = par_cle["M1.2.detail", "M1.2.1", "mars 2026"]
    assert [cout[c] for c in parties] == ["non calculable", "non_calculable", "", "267", "euros"]
    epci = par_cle["M4.12.epci", DIJON_METROPOLE, "12 mois au 31/03/2026"]
    assert [epci[c] for c in ("valeur", "numerateur", "denominateur")] == ["12,5", "25", "200"]
    masquee = par_cle["M4.12.epci", RIVES_DE_SAONE, "12 mois au 31/03/2026"]
    assert [masquee[c] for c in ("valeur", "numerateur", "denominateur")] == ["< 11", "", ""]
    _sans_fuite(texte)


# --- PDF ---


def test_pdf_page_one_shows_the_key_figures(rapport: Rapport, tmp_path: Path) -> None:
    try:
        pdf = pdf_du_rapport(rapport)
    except OSError as erreur:  # WeasyPrint without Pango
        _absent(f"WeasyPrint cannot load its libraries: {erreur}")
    assert pdf.startswith(b"%PDF")
    assert pdf_du_rapport(rapport) == pdf
    if shutil.which("pdftoppm") is None:
        _absent("pdftoppm (Debian poppler-utils) is not installed")
    chemin = tmp_path / "rapport.pdf"
    chemin.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", chemin, tmp_path / "page"],
        check=True,
    )
    png = tmp_path / "page-1.png"
    assert png.exists() and png.stat().st_size > 5_000
    if shutil.which("pdftotext"):
        page = subprocess.run(
            ["pdftotext", "-f", "1", "-l", "1", chemin, "-"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.replace("\u00a0", " ")
        assert "Chiffres clés" in page and "12 345" in page and "+2,5 pt" in page
        # a rate with its numerator and denominator, as on the page
        assert "12,5 % (25 / 200)" in page
        # the other sections start further on: page one names them only in its table of
        # contents, each with the page it starts on
        for section in ("Tableaux détaillés", "Cartes"):
            assert page.count(section) == 1, section
            ligne = next(x for x in page.splitlines() if section in x)
            assert re.search(r"\.{5,} ?([2-9]|\d\d)$", ligne.strip()), ligne
    # headings are the PDF's bookmarks (its outline): the sections, each table under them
    from weasyprint import HTML

    arbre = HTML(string=html_du_rapport(rapport)).render().make_bookmark_tree()
    # (label, target, children, state) under the title
    sections = {b[0]: b[2] for b in arbre[0][2]}
    assert {"Sommaire", "Chiffres clés", "Cartes", "Annexe : méthode"} <= set(sections)
    assert len(sections["Tableaux détaillés"]) == len(rapport.tableaux)


def _absent(raison: str) -> None:
    if os.environ.get("MEDNUM_REQUIRE_BROWSER") == "1":
        pytest.fail(f"MEDNUM_REQUIRE_BROWSER=1 but {raison}")
    pytest.skip(raison)


def test_a_reports_maps_are_drawn_once_and_again_when_what_they_show_changes() -> None:
    # given a report, and a map drawer that counts its calls
    rapport = rapport_exemple()
    appels: list[int] = []

    def dessiner(r: Rapport) -> str:
        appels.append(1)
        return f"<svg>{len(r.communes)}</svg>"

    # when the page shows its map twice (two visits of the same report)
    premiere = carte_gardee(dessiner, rapport)
    seconde = carte_gardee(dessiner, rapport)
    # then it was drawn once, and both visits show it
    assert appels == [1] and premiere == seconde == f"<svg>{len(rapport.communes)}</svg>"
    # and a report whose communes differ (another IFN) gets its own map
    commune = msgspec.structs.replace(rapport.communes[0], ifn=9.9)
    autre = msgspec.structs.replace(rapport, communes=[commune, *rapport.communes[1:]])
    carte_gardee(dessiner, autre)
    assert appels == [1, 1]
