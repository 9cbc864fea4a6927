"""The layout's import rules (ARCHITECTURE.md §2), read from the source with `ast`:
`domain/` imports only the standard library and msgspec; nothing outside `web/` imports it;
`projections/` takes from `domain/` and `mednum.infra` only what reading needs."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

RACINE = Path(__file__).resolve().parents[2]


def imports(dossier: str) -> list[tuple[str, str]]:
    """(file, imported module) for every absolute import under `dossier`."""
    trouves = []
    for fichier in sorted((RACINE / dossier).rglob("*.py")):
        arbre = ast.parse(fichier.read_text(), str(fichier))
        for noeud in ast.walk(arbre):
            if isinstance(noeud, ast.Import):
                noms = [alias.name for alias in noeud.names]
            elif isinstance(noeud, ast.ImportFrom) and noeud.level == 0 and noeud.module:
                noms = [noeud.module]
            else:
                continue
            trouves += [(str(fichier.relative_to(RACINE)), nom) for nom in noms]
    return trouves


def racine(module: str) -> str:
    return module.split(".")[0]


def test_domain_imports_only_the_standard_library_and_msgspec() -> None:
    permis = set(sys.stdlib_module_names) | {"msgspec", "domain", "__future__"}
    fautifs = [(f, m) for f, m in imports("domain") if racine(m) not in permis]
    assert fautifs == []


@pytest.mark.parametrize("dossier", ["domain", "projections", "mednum"])
def test_nothing_but_web_imports_web(dossier: str) -> None:
    assert [(f, m) for f, m in imports(dossier) if racine(m) == "web"] == []


def test_projections_import_no_service_and_no_web_framework() -> None:
    interdits = ("mednum.services", "mednum.cli", "mednum.jobs", "litestar")
    assert [(f, m) for f, m in imports("projections") if m.startswith(interdits)] == []
