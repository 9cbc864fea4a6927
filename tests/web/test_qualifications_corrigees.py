"""Qualifications corrected and cancelled through the API; the habilitation follows."""

from __future__ import annotations

import uuid
from typing import Any

from litestar.testing import TestClient

from tests.web.test_acteurs_api import aidant_body, creer
from tests.web.test_acteurs_pages import aidant_form, coordinateur
from tests.web.test_acteurs_pages import poster as poster_form


def poster(api: TestClient, chemin: str, corps: dict[str, Any], attendu: int = 200) -> Any:
    reponse = api.post(chemin, json={"command_id": str(uuid.uuid4())} | corps)
    assert reponse.status_code == attendu, reponse.text
    return reponse.json()


def test_a_pix_score_is_corrected_then_the_training_cancelled(api: TestClient) -> None:
    # given a trained aidant whose PIX test scored 150 (below the pass mark of 256)
    aidant = creer(api, "aidants", aidant_body())
    base = f"/api/v1/aidants/{aidant['id']}"
    poster(
        api,
        f"{base}/qualifications",
        {"type": "formation_aidants_connect", "obtenue_le": "2025-02-01"},
    )
    pix = {"type": "test_pix_aidants_connect", "obtenue_le": "2025-03-01"}
    fait = poster(api, f"{base}/qualifications", pix | {"score": 150})
    lu = api.get(base, params={"apres": fait["position"]}).json()
    assert lu["habilite_aidants_connect"] is False
    # when the same test is posted again with another score: a 409 that says what to do
    refus = poster(api, f"{base}/qualifications", pix | {"score": 300}, attendu=409)
    assert "déjà enregistrée" in refus["detail"] and "corrigez-la" in refus["detail"]
    # when the score is corrected, with a reason
    fait = poster(
        api,
        f"{base}/qualifications/correction",
        {"version": lu["version"], "qualification": 3, "score": 300, "motif": "score mal lu"},
    )
    lu = api.get(base, params={"apres": fait["position"]}).json()
    # then the aidant is habilitated and the test reads 300
    assert lu["habilite_aidants_connect"] is True
    assert [q["score"] for q in lu["qualifications"] if q["type"] == pix["type"]] == [300]
    # when the training is cancelled, the habilitation is withdrawn with the reason
    fait = poster(
        api,
        f"{base}/qualifications/annulation",
        {"version": lu["version"], "qualification": 2, "motif": "saisie en double"},
    )
    lu = api.get(base, params={"apres": fait["position"]}).json()
    assert lu["habilite_aidants_connect"] is False
    assert [q["type"] for q in lu["qualifications"]] == [pix["type"]]
    # a score out of range is refused in French, naming the field
    refus = poster(
        api,
        f"{base}/qualifications/correction",
        {"version": lu["version"], "qualification": 3, "score": 1500, "motif": "x"},
        attendu=422,
    )
    assert "Score PIX impossible" in refus["detail"]


def test_the_aidant_page_corrects_a_score_through_its_form(
    client: TestClient, database_dsn: str
) -> None:
    # given a coordinator and an aidant whose PIX test was recorded with 150
    coordinateur(client, database_dsn)
    cree = poster_form(client, "/aidants/nouveau", aidant_form(), "/aidants/nouveau")
    page_aidant = cree.headers["location"].split("?")[0]
    for type_, score in (("formation_aidants_connect", ""), ("test_pix_aidants_connect", "150")):
        fait = poster_form(
            client,
            f"{page_aidant}/qualifications",
            {
                "command_id": str(uuid.uuid4()),
                "type": type_,
                "obtenue_le": "01/02/2025",
                "score": score,
            },
            page_aidant,
        )
        assert fait.status_code in (302, 303), fait.text
    page = client.get(fait.headers["location"]).text
    assert "Corriger ou annuler" in page and "(score 150)" in page

    def corriger(motif: str) -> Any:
        """The correction form: the PIX test (qualification 3 of the aidant at version 3)
        corrected to 300, for `motif`."""
        corps = {"version": "3", "qualification": "3", "score": "300", "motif": motif}
        chemin = f"{page_aidant}/qualifications/corriger"
        return poster_form(client, chemin, {"command_id": str(uuid.uuid4())} | corps, page_aidant)

    # when the correction form is sent without a reason: refused, field named
    sans_motif = corriger("")
    assert (
        sans_motif.status_code == 422 and "Indiquez la raison de la correction" in sans_motif.text
    )
    # when sent with one
    corrige = corriger("score mal lu")
    assert corrige.status_code in (302, 303), corrige.text
    # then the page shows the corrected score and the habilitation
    page = client.get(corrige.headers["location"]).text
    assert "(score 300)" in page and "(score 150)" not in page
