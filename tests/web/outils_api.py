"""What the web tests read in the API's refusals: the status and the field named first, and
the answer to a body lacking a required field."""

from __future__ import annotations

from typing import Any

from litestar.testing import TestClient


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
