"""Other scales → scores 0–4 of the grid: La Coop's autonomy, self-declaration, Pix levels."""

from __future__ import annotations

from collections.abc import Mapping

from domain.errors import DomainError, valeur_inconnue
from domain.grille.grille import Grille


def score_autonomie(grille: Grille, autonomie: str, champ: str = "autonomie") -> int:
    """A skill's score from La Coop's autonomy observed on it (Avec guidage → 1…)."""
    if autonomie not in grille.autonomie_coop:
        raise valeur_inconnue("Niveau d'autonomie inconnu", autonomie, grille.autonomie_coop, champ)
    return grille.autonomie_coop[autonomie]


def score_declare(grille: Grille, reponse: str, champ: str = "declaration") -> int:
    """A skill's score from the person's own answer (« Je ne sais pas » → 0 …)."""
    if reponse not in grille.autodeclaration:
        raise valeur_inconnue("Réponse inconnue", reponse, grille.autodeclaration, champ)
    return grille.autodeclaration[reponse]


def score_depuis_niveau_crcn(niveau_crcn: int) -> int:
    """A CRCN / Pix competence level (0–8) as a score of the grid (b.1: CRCN 1 → 1, 2 → 2,
    3–4 → 3, 5 and more → 4)."""
    if niveau_crcn < 0 or niveau_crcn > 8:
        raise DomainError(
            f"Niveau Pix {niveau_crcn} impossible : un niveau de compétence va de 0 à 8.",
            "niveaux_pix",
        )
    return min(niveau_crcn, 3) if niveau_crcn < 5 else 4


def scores_depuis_pix(grille: Grille, niveaux_pix: Mapping[str, int]) -> dict[str, int]:
    """Per-skill scores from a Pix profile (competence code → level 0–8): a skill takes its
    weakest CRCN competence; a skill none of whose competences was tested gets no score."""
    scores = {}
    for competence in grille.competences:
        connus = [
            score_depuis_niveau_crcn(niveaux_pix[code])
            for code in competence.crcn
            if code in niveaux_pix
        ]
        if connus:
            scores[competence.code] = min(connus)
    return scores
