"""The web tests and the API: a session recorded through it, what they read in its refusals
(the status and the field named first) and its answer to a body lacking a required field."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from litestar.testing import TestClient


def aujourdhui() -> date:
    """Today where the hub is: the day a session recorded now is of. Read when a test runs,
    not when it is collected: a run that crosses midnight in Paris stays right."""
    return datetime.now(ZoneInfo("Europe/Paris")).date()


def seance_enregistree(client: Any, entetes: dict[str, str], **champs: Any) -> dict[str, Any]:
    """A session recorded through the API by the user of `entetes`: an individual one today
    with a new command id, unless `champs` say otherwise. The API's answer, a 201."""
    jour = aujourdhui().isoformat()
    corps = {"command_id": str(uuid.uuid4()), "type": "individuel", "date": jour} | champs
    reponse = client.post("/api/v1/activites", json=corps, headers=entetes)
    assert reponse.status_code == 201, reponse.text
    resultat: dict[str, Any] = reponse.json()
    return resultat


def champ_refuse(reponse: Any) -> tuple[int, str]:
    """A refusal as (its status, the field its first error names)."""
    champ: str = reponse.json()["erreurs"][0]["champ"]
    return reponse.status_code, champ


def champ_manquant(api: TestClient, chemin: str, corps: dict[str, Any], champ: str) -> None:
    """`corps` posted to `chemin` without `champ`: a 400 whose first error names it as
    required."""
    reponse = api.post(chemin, json={k: v for k, v in corps.items() if k != champ})
    assert reponse.status_code == 400, reponse.text
    assert reponse.json()["erreurs"][0] == {"champ": champ, "message": "Ce champ est obligatoire."}
