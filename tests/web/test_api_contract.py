"""Schemathesis against our own OpenAPI document: no 5xx, and every answer is documented."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.web.conftest import create_token, create_user


def schemathesis(live_server: str, token: str, tmp_path: Path, *extra: str) -> str:
    """Failures as schemathesis prints them, or "" when every check passed."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "schemathesis.cli",
            "run",
            f"{live_server}/schema/openapi.json",
            "--header",
            f"Authorization: Bearer {token}",
            "--checks",
            "not_a_server_error,response_schema_conformance,status_code_conformance,"
            "content_type_conformance",
            "--max-examples",
            "12",
            "--phases",
            "examples,coverage,fuzzing",
            "--seed",
            "2026",
            "--no-color",
            *extra,
        ],
        capture_output=True,
        text=True,
        timeout=240,
        cwd=tmp_path,
        check=False,
    )
    return "" if result.returncode == 0 else result.stdout[-20000:]


def test_the_api_keeps_its_documented_contract(
    live_server: str, database_dsn: str, tmp_path: Path
) -> None:
    # as a coordinator, over the whole API
    coordination = create_user(database_dsn, "c@example.fr", "coordinateur")
    token = create_token(database_dsn, coordination)
    assert schemathesis(live_server, token, tmp_path) == ""


def test_the_mediators_api_keeps_its_documented_contract(
    live_server: str, database_dsn: str, tmp_path: Path
) -> None:
    # as a mediator, over what only mediators reach (coordinators get 403 there)
    token = create_token(database_dsn, create_user(database_dsn, "m@example.fr", "mediateur"))
    chemins = "^/api/v1/(activites|beneficiaires|orientations|diagnostics)"
    assert schemathesis(live_server, token, tmp_path, "--include-path-regex", chemins) == ""
