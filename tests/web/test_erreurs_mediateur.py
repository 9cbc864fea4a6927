"""Every mediator form shows all its errors at once (issue 12): each beside its field and in
the summary under its French label, none on a hidden field, and what was typed kept. The
session form's case is in test_saisie_mediateur.py; here the person's form (new and edit),
the workshop and the diagnostic."""

from __future__ import annotations

import re
from typing import Any

from litestar.testing import TestClient

from tests.web.conftest import csrf_from
from tests.web.outils_api import aujourdhui
from tests.web.test_activites_pages import connecte, formulaire
from tests.web.test_beneficiaires_pages import PERSONNE, enregistrer


def _resume(texte: str) -> str:
    return texte[texte.index('class="alerte alerte--error"') :].split("</div>")[0]


# The French label each field's error is listed under in the summary.
LIBELLES = {
    "annee_naissance": "Année de naissance",
    "commune_residence": "Commune de résidence",
    "consentement": "Accord de la personne",
    "prenom": "Prénom",
    "nom": "Nom",
    "courriel": "E-mail",
    "telephone": "Téléphone",
    "date": "Date",
    "duree": "Durée",
    "thematiques": "Thématiques",
    "source": "Source",
    "cible": "Niveau visé",
}


def _chaque_erreur(texte: str, *champs: str) -> None:
    """Each field's error beside it and linked from the summary under its French label."""
    resume = _resume(texte)
    for champ in champs:
        libelle = LIBELLES[champ]
        assert f'id="{champ}-erreur"' in texte, champ
        assert f'<a href="#{champ}">{libelle}</a>' in resume, champ
        assert f'id="{champ}"' in texte and f'type="hidden" name="{champ}"' not in texte, champ
        assert f">{champ}<" not in resume, champ


def _poster(client: TestClient, chemin: str, **champs: str) -> Any:
    data = PERSONNE | champs | {"_csrf_token": csrf_from(client, chemin)}
    return client.post(chemin, data=data, follow_redirects=False)


def test_a_new_person_with_several_bad_fields_gets_every_error_at_once(
    client: TestClient, database_dsn: str
) -> None:
    connecte(client, database_dsn)
    # when every kind of mistake is made at once: unreadable year, unknown commune, no
    # consent, no first name, a bad e-mail and a bad phone number
    reponse = _poster(
        client,
        "/beneficiaires/nouveau",
        annee_naissance="19x8",
        commune_residence="Nulle-part-sur-Ouche",
        consentement="",
        prenom="",
        courriel="gisele.exemple.fr",
        telephone="12",
    )
    # then nothing is recorded and each one is told beside its field, under its label
    assert reponse.status_code == 422
    _chaque_erreur(
        reponse.text,
        "annee_naissance",
        "commune_residence",
        "consentement",
        "prenom",
        "courriel",
        "telephone",
    )
    # and what was typed is kept
    for champ, valeur in (
        ("annee_naissance", "19x8"),
        ("commune_residence", "Nulle-part-sur-Ouche"),
        ("nom", "Dupont"),
        ("courriel", "gisele.exemple.fr"),
        ("telephone", "12"),
    ):
        assert re.search(rf'name="{champ}"[^>]*value="{valeur}"', reponse.text), champ
    assert client.get("/api/v1/beneficiaires").json()["total"] == 0


def test_a_persons_record_corrected_with_several_bad_fields_gets_every_error_at_once(
    client: TestClient, database_dsn: str
) -> None:
    connecte(client, database_dsn)
    fiche = enregistrer(client).split("?")[0]
    edition = client.get(f"{fiche}/modifier")
    version = re.search(r'name="version" value="(\d+)"', edition.text)
    assert version
    reponse = _poster(
        client,
        f"{fiche}/modifier",
        version=version.group(1),
        annee_naissance="1850",
        commune_residence="21110",  # several communes share it
        nom="",
        courriel="pas-une-adresse",
    )
    assert reponse.status_code == 422
    _chaque_erreur(reponse.text, "annee_naissance", "commune_residence", "nom", "courriel")
    assert re.search(r'name="commune_residence"[^>]*value="21110"', reponse.text)
    assert re.search(r'name="courriel"[^>]*value="pas-une-adresse"', reponse.text)


def test_a_workshop_with_several_bad_fields_gets_every_error_at_once(
    client: TestClient, database_dsn: str
) -> None:
    connecte(client, database_dsn)
    demain = aujourdhui().replace(year=aujourdhui().year + 1).isoformat()
    reponse = formulaire(
        client,
        "/activites/nouvelle?type=collectif",
        type="collectif",
        date=demain,
        duree="beaucoup",
        thematiques=[],
        titre_atelier="Premiers pas",
        p_total="douze",
    )
    assert reponse.status_code == 422
    texte = reponse.text
    _chaque_erreur(texte, "date", "duree", "thematiques")
    assert "Participants anonymes : nombre de participants" in _resume(texte)
    assert re.search(r'name="p_total"[^>]*value="douze"', texte)
    assert re.search(r'name="titre_atelier"[^>]*value="Premiers pas"', texte)


def test_a_diagnostic_with_several_bad_fields_gets_every_error_at_once(
    client: TestClient, database_dsn: str
) -> None:
    connecte(client, database_dsn)
    fiche = enregistrer(client).split("?")[0]
    chemin = f"{fiche}/diagnostic"
    page = client.get(chemin)
    assert page.status_code == 200
    reponse = client.post(
        chemin,
        data={
            "_csrf_token": csrf_from(client, chemin),
            "date": "",
            "source": "",
            "cible": "neuf",
        },
        follow_redirects=False,
    )
    assert reponse.status_code == 422
    _chaque_erreur(reponse.text, "date", "source", "cible")
