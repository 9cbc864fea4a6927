"""What a version of the skills grid holds. The data of each version is in grilles.py."""

from __future__ import annotations

from datetime import date

import msgspec


class Competence(msgspec.Struct, frozen=True, kw_only=True):
    """One everyday skill, scored 0–4; `descripteurs[n]` says what score n looks like."""

    code: str  # S1…S6: the stable key
    libelle: str
    crcn: tuple[str, ...]  # CRCN / Pix competence codes (1.1, 4.2…)
    precision: str = ""
    descripteurs: tuple[str, str, str, str, str]


class Niveau(msgspec.Struct, frozen=True, kw_only=True):
    """A level of the « Niveau d'autonomie numérique » (NAN) scale, with its equivalences."""

    valeur: int
    libelle: str
    description: str
    crcn: str
    pix: str


class Bareme(msgspec.Struct, frozen=True, kw_only=True):
    """How an imported test score becomes a level: `seuils[n - 1]` is the lowest score of
    level n. A calibration is part of the grid, so recalibrating makes a new grid version."""

    minimum: int
    maximum: int
    seuils: tuple[int, ...]
    hypothese: str


class Grille(msgspec.Struct, frozen=True, kw_only=True):
    version: str
    depuis: date
    competences: tuple[Competence, ...]
    niveaux: tuple[Niveau, ...]
    # The level is capped at the weakest skill's score + `ecart_max`, so that one blocking
    # gap is not hidden by strengths elsewhere.
    ecart_max: int = 1
    echelle: tuple[str, str, str, str, str]  # what each score 0–4 means, for every skill
    sources: dict[str, str]
    drapeaux: dict[str, str]
    thematiques_mediation: dict[str, str]
    thematiques_administratives: dict[str, str]
    autonomie_coop: dict[str, int]
    libelles_autonomie_coop: dict[str, str]
    autodeclaration: dict[str, int]
    libelles_autodeclaration: dict[str, str]
    baremes: dict[str, Bareme]

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(c.code for c in self.competences)

    @property
    def thematiques(self) -> dict[str, str]:
        return self.thematiques_mediation | self.thematiques_administratives

    def libelle_niveau(self, valeur: int) -> str:
        return next((n.libelle for n in self.niveaux if n.valeur == valeur), str(valeur))
