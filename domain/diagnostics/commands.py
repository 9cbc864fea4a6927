"""Commands on diagnostics. `ConstatDiagnostic` is also the JSON API's body for a new one."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from uuid import UUID

import msgspec

from domain.base import Commande

Source = Annotated[
    str,
    msgspec.Meta(
        max_length=30,
        description="observation, declaratif, abc_diag ou pix",
        examples=["observation"],
    ),
]
Scores = Annotated[
    dict[str, int],
    msgspec.Meta(
        max_length=6,
        description="Score de 0 à 4 de chaque compétence S1…S6 : les six pour une observation "
        "ou une auto-déclaration, facultatifs pour un score importé",
        examples=[{"S1": 2, "S2": 2, "S3": 1, "S4": 1, "S5": 2, "S6": 0}],
    ),
]
ScoreImporte = Annotated[
    int,
    msgspec.Meta(
        description="Pour abc_diag : bonnes réponses sur 10 ; pour pix : score global sur 1 024"
    ),
]
Codes = Annotated[list[Annotated[str, msgspec.Meta(max_length=60)]], msgspec.Meta(max_length=40)]
Cible = Annotated[
    int, msgspec.Meta(description="Niveau visé, convenu avec la personne (0 à 4)", examples=[2])
]
Note = Annotated[
    str,
    msgspec.Meta(
        max_length=2000,
        description="Remarque du médiateur : ni nom, ni donnée de santé ou autre donnée sensible",
    ),
]
Motif = Annotated[str, msgspec.Meta(max_length=500)]
Version = Annotated[
    int, msgspec.Meta(ge=1, description="Version du diagnostic sur laquelle la demande porte")
]


class ConstatDiagnostic(Commande, frozen=True, kw_only=True):
    """What a diagnostic found: the scores (or an imported test score), flags, needs, target."""

    date: date
    source: Source
    scores: Scores = msgspec.field(default_factory=dict)
    score_importe: ScoreImporte | None = None
    drapeaux: Codes = msgspec.field(default_factory=list)
    thematiques: Codes = msgspec.field(default_factory=list)
    cible: Cible | None = None
    competences_cibles: Codes = msgspec.field(default_factory=list)
    note: Note | None = None


class RealiserDiagnostic(ConstatDiagnostic, frozen=True, kw_only=True):
    """Record a diagnostic of a beneficiary: its level is computed with the current grid."""

    beneficiaire_id: UUID


class CorrigerDiagnostic(ConstatDiagnostic, frozen=True, kw_only=True):
    """Replace what a diagnostic recorded (every field); its level is computed again."""

    version: Version
    motif: Motif


class AnnulerDiagnostic(Commande, frozen=True, kw_only=True):
    """The diagnostic should not count (made by mistake, wrong person…)."""

    version: Version
    motif: Motif
