"""The national standard's own files (tests/data/): what a test checks a list against when
that list must be the standard's, rather than a copy of it typed again in the test."""

from __future__ import annotations

import json
import re
from pathlib import Path

DATA = Path(__file__).parent / "data"
SCHEMA_V1 = DATA / "lieux-mediation-numerique.schema-v1.0.2.json"
SCHEMA_V01 = DATA / "lieux-mediation-numerique.schema-v0.1.1.json"


def enumeration(schema: Path, champ: str) -> list[str]:
    """The values of a column, in the schema's order, read from its pattern
    `(?:(?:^|SEP)(A|B|…))+$` (SEP is `;` in v0.1.1, `\\|` in v1.0.2)."""
    [field] = [f for f in json.loads(schema.read_text())["fields"] if f["name"] == champ]
    alternatives = re.split(r"\(\?:\^\|[^)]+\)\(", field["constraints"]["pattern"], maxsplit=1)[1]
    alternatives = alternatives.rsplit("))+$", 1)[0]
    return [re.sub(r"\\(.)", r"\1", value) for value in alternatives.split("|")]
