"""Schemathesis against our own OpenAPI document: no 5xx, and every answer is documented."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.web.conftest import create_token, create_user


def test_the_api_keeps_its_documented_contract(
    live_server: str, database_dsn: str, tmp_path: Path
) -> None:
    token = create_token(database_dsn, create_user(database_dsn, "c@example.fr", "coordinateur"))
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
        ],
        capture_output=True,
        text=True,
        timeout=240,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-6000:]
