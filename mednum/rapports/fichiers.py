"""The name a downloaded report is saved under: what it is about, never an identifier.

« rapport_region-27_bourgogne-franche-comte_2026-T3.xlsx »: ASCII only (any browser, any file
system, no RFC 5987 encoding needed), the territory's level, code and name, then the period
as it was asked for (a custom range « 2026-01-01..2026-06-30 » becomes
« 2026-01-01_2026-06-30 »).
"""

from __future__ import annotations

import re

from domain.evaluation.rapport import Territoire
from mednum.infra.communes import normaliser


def nom_de_fichier(territoire: Territoire, code_periode: str, extension: str) -> str:
    nom = normaliser(territoire.nom).replace(" ", "-") or "territoire"
    periode = re.sub(r"[^0-9A-Za-z-]+", "_", code_periode).strip("_")
    code = re.sub(r"[^0-9A-Za-z]+", "", territoire.code)
    return f"rapport_{territoire.niveau}-{code}_{nom}_{periode}.{extension}"
