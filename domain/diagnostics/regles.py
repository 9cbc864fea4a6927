"""The rules a diagnostic's findings must follow, and how its level is computed."""

from __future__ import annotations

from typing import Any

from domain.base import FUSEAU_DU_HUB, Contexte
from domain.diagnostics.commands import ConstatDiagnostic
from domain.diagnostics.events import DetailNiveau
from domain.errors import DomainError
from domain.grille.grille import Grille
from domain.grille.niveau import (
    SCORE_MAX,
    SCORE_MIN,
    arrondi,
    moyenne,
    niveau,
    niveau_importe,
)

# A diagnostic's date is a day in the hub's region: "today" is today in France, not in UTC.
FUSEAU = FUSEAU_DU_HUB
SOURCES_OBSERVEES = ("observation", "declaratif")
EXCLUSIFS = ("souhaite_faire_seul", "souhaite_qu_on_fasse_pour_lui")


def _codes(valeurs: list[str], permises: dict[str, str], champ: str, quoi: str) -> tuple[str, ...]:
    """Known codes, without duplicates, in the grid's order."""
    for valeur in valeurs:
        if valeur not in permises:
            raise DomainError(
                f"{quoi} inconnu(e) : « {valeur} ». Choisissez parmi : "
                + ", ".join(permises)
                + " (liste complète : GET /api/v1/referentiel).",
                champ,
            )
    return tuple(code for code in permises if code in valeurs)


def _score(valeur: int, champ: str, quoi: str) -> int:
    if not SCORE_MIN <= valeur <= SCORE_MAX:
        raise DomainError(
            f"{quoi} : le score {valeur} n'existe pas ; indiquez un score de {SCORE_MIN} "
            f"(ne le fait pas) à {SCORE_MAX} (le fait seul et aide les autres).",
            champ,
        )
    return valeur


def verifier_constat(constat: ConstatDiagnostic, grille: Grille, ctx: Contexte) -> dict[str, Any]:
    """The checked findings (the fields of DiagnosticRealise / DiagnosticCorrige), or a refusal
    in French naming the field."""
    if constat.date > ctx.aujourdhui:
        raise DomainError(
            f"La date du diagnostic ({constat.date:%d/%m/%Y}) est dans le futur : indiquez le "
            "jour où il a été fait (aujourd'hui au plus tard).",
            "date",
        )
    if constat.source not in grille.sources:
        raise DomainError(
            f"Source inconnue : « {constat.source} ». Choisissez parmi : "
            + ", ".join(grille.sources)
            + ".",
            "source",
        )
    libelles = {c.code: c.libelle for c in grille.competences}
    for code, valeur in constat.scores.items():
        if code not in libelles:
            raise DomainError(
                f"Compétence inconnue : « {code} ». La grille {grille.version} compte les "
                "compétences " + ", ".join(libelles) + ".",
                "scores",
            )
        _score(valeur, f"scores.{code}", f"{code} ({libelles[code]})")
    scores = {code: constat.scores[code] for code in libelles if code in constat.scores}
    score_importe = _score_importe(constat, grille, scores)
    drapeaux = _codes(constat.drapeaux, grille.drapeaux, "drapeaux", "Signalement")
    if all(d in drapeaux for d in EXCLUSIFS):
        raise DomainError(
            "La personne ne peut pas à la fois souhaiter apprendre à faire seule et souhaiter "
            "qu'on fasse à sa place : cochez l'un des deux seulement.",
            "drapeaux",
        )
    cible = constat.cible
    if cible is not None:
        _score(cible, "cible", "Niveau visé")
    return {
        "date": constat.date,
        "source": constat.source,
        "scores": scores,
        "score_importe": score_importe,
        "drapeaux": drapeaux,
        "thematiques": _codes(constat.thematiques, grille.thematiques, "thematiques", "Thème"),
        "cible": cible,
        "competences_cibles": _codes(
            constat.competences_cibles, libelles, "competences_cibles", "Compétence visée"
        ),
        "note": (constat.note or "").strip() or None,
    }


def _score_importe(
    constat: ConstatDiagnostic, grille: Grille, scores: dict[str, int]
) -> int | None:
    bareme = grille.baremes.get(constat.source)
    if bareme is None:
        if constat.score_importe is not None:
            raise DomainError(
                "Un score importé ne va qu'avec la source abc_diag ou pix : retirez-le, ou "
                "changez la source.",
                "score_importe",
            )
        manquantes = [c.code for c in grille.competences if c.code not in scores]
        if manquantes:
            raise DomainError(
                f"Pour une {grille.sources[constat.source].lower()}, les six compétences sont "
                "à noter de 0 à 4 : il manque " + ", ".join(manquantes) + ".",
                f"scores.{manquantes[0]}",
            )
        return None
    if constat.score_importe is None:
        raise DomainError(
            f"Indiquez le score importé ({grille.sources[constat.source]}) : de "
            f"{bareme.minimum} à {bareme.maximum}.",
            "score_importe",
        )
    if not bareme.minimum <= constat.score_importe <= bareme.maximum:
        raise DomainError(
            f"Le score importé {constat.score_importe} n'existe pas pour "
            f"{constat.source} : il va de {bareme.minimum} à {bareme.maximum}.",
            "score_importe",
        )
    return constat.score_importe


def evaluer(
    grille: Grille, source: str, scores: dict[str, int], score_importe: int | None
) -> tuple[int, DetailNiveau]:
    """The level of checked findings and how it was reached. An imported test gives the
    level through the grid's calibration; otherwise the scoring rule applies to S1…S6."""
    bareme = grille.baremes.get(source)
    if bareme is not None and score_importe is not None:
        return niveau_importe(bareme, score_importe), DetailNiveau(
            methode="score_importe", score_importe=score_importe, bareme=source
        )
    valeurs = list(scores.values())
    moy = moyenne(valeurs)
    return niveau(valeurs, grille.ecart_max), DetailNiveau(
        methode="scores",
        moyenne=round(float(moy), 2),
        moyenne_arrondie=arrondi(moy),
        plafond=min(valeurs) + grille.ecart_max,
    )
