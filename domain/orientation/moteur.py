"""Which offers fit a person: the rules applied to a situation, each with its reason.

Order (referential_eval.md b.2, "Ties"): R8 alone when the person declines; otherwise R1 and
R2 first (they remove a blocker), then the one level rule R3–R6 (« faire pour aujourd'hui,
apprendre ensuite »); R7 adds the person's constraints to every proposal that has places.
"""

from __future__ import annotations

import msgspec

from domain.errors import DomainError
from domain.orientation.regles import (
    LIBELLES_CONTRAINTES,
    PRISES_EN_CHARGE,
    REGLES,
    REGLES_VERSION,
    SERVICES_PAR_THEME,
    Regle,
)

NIVEAU_MAX = 4
# The levels, said to the person: every sentence of a proposal is addressed to them.
VOUS_NIVEAUX = {
    0: "vous ne vous servez pas encore du numérique",
    1: "vous débutez avec le numérique",
    2: "vous vous débrouillez un peu avec le numérique",
    3: "vous êtes presque autonome avec le numérique",
    4: "vous êtes autonome avec le numérique",
}


class Situation(msgspec.Struct, frozen=True, kw_only=True):
    """What the rules look at: the level (NAN 0–4, None when unknown), the grid's flags,
    the need themes, and whether the person declines any offer."""

    niveau: int | None = None
    drapeaux: tuple[str, ...] = ()
    thematiques: tuple[str, ...] = ()
    refuse: bool = False


class Explication(msgspec.Struct, frozen=True, kw_only=True):
    regle: str
    texte: str


class Proposition(msgspec.Struct, frozen=True, kw_only=True):
    """One offer: the rule that fired, what to look for in places, and why, in plain words.
    `moment` is « maintenant » or « ensuite » (learning after a démarche done for them)."""

    regle: str
    offre_type: str
    libelle: str
    moment: str
    services: tuple[str, ...]
    dispositifs: tuple[str, ...]
    modalites: tuple[str, ...]
    # Each entry: the `prise_en_charge_specifique` values of which a place needs one (R7).
    contraintes: tuple[tuple[str, ...], ...]
    explications: tuple[Explication, ...]
    conseil: str
    regles_version: str = REGLES_VERSION

    @property
    def avec_lieux(self) -> bool:
        return bool(self.services)


def _a(situation: Situation, drapeau: str) -> bool:
    return drapeau in situation.drapeaux


def _pourquoi_r1(situation: Situation) -> str:
    if _a(situation, "souhaite_qu_on_fasse_pour_lui"):
        return "Vous souhaitez qu'on fasse la démarche à votre place."
    niveau = situation.niveau or 0
    return (
        f"Votre démarche est urgente et {VOUS_NIVEAUX[niveau]} (niveau {niveau} sur 4) : un "
        "aidant habilité peut la faire avec vous, ou pour vous."
    )


_MANQUES = (("sans_equipement", "d'équipement"), ("sans_connexion", "de connexion"))


def _pourquoi_r2(situation: Situation) -> str:
    manque = [quoi for drapeau, quoi in _MANQUES if _a(situation, drapeau)]
    return f"Vous n'avez pas {' ni '.join(manque)} : c'est le premier obstacle à lever."


_POURQUOI_NIVEAU = {
    "R3": "{V} (niveau {n} sur 4) : vous apprendrez pas à pas, avec un médiateur, sur "
    "plusieurs séances.",
    "R4": "{V} (niveau {n} sur 4) : vous appliquez seul ce que vous connaissez ; des ateliers "
    "vous aideront à progresser sur vos sujets.",
    "R5": "{V} (niveau {n} sur 4) : une aide ponctuelle vous suffit quand vous bloquez.",
    "R6": "{V} (niveau {n} sur 4) : vous n'avez pas besoin d'accompagnement et vous pouvez "
    "aider d'autres personnes.",
}


def regle_de_niveau(niveau: int) -> str:
    if not 0 <= niveau <= NIVEAU_MAX:
        raise DomainError(
            f"Le niveau {niveau} n'existe pas : indiquez un niveau de 0 à {NIVEAU_MAX}.", "niveau"
        )
    return {0: "R3", 1: "R3", 2: "R4", 3: "R5", 4: "R6"}[niveau]


def _services_du_theme(regle: Regle, situation: Situation) -> tuple[str, ...]:
    """R4 and R5 look for the person's need themes; R3 starts with everyday tools."""
    if regle.code not in ("R4", "R5"):
        return regle.services
    themes = tuple(
        dict.fromkeys(
            SERVICES_PAR_THEME[t] for t in situation.thematiques if t in SERVICES_PAR_THEME
        )
    )
    return themes or regle.services


def _contraintes(situation: Situation) -> tuple[tuple[tuple[str, ...], ...], Explication | None]:
    codes = [d for d in PRISES_EN_CHARGE if _a(situation, d)]
    if not codes:
        return (), None
    texte = (
        "Vous avez indiqué "
        + " et ".join(LIBELLES_CONTRAINTES[c] for c in codes)
        + " : les lieux qui proposent un accueil adapté ("
        + ", ".join(" ou ".join(PRISES_EN_CHARGE[c]) for c in codes)
        + ") vous sont proposés d'abord."
    )
    return tuple(PRISES_EN_CHARGE[c] for c in codes), Explication(regle="R7", texte=texte)


def _proposition(
    regle: Regle,
    pourquoi: str,
    moment: str,
    situation: Situation,
    contraintes: tuple[tuple[str, ...], ...],
    r7: Explication | None,
) -> Proposition:
    services = _services_du_theme(regle, situation)
    avec_contraintes = bool(services) and r7 is not None
    explications: tuple[Explication, ...] = (Explication(regle=regle.code, texte=pourquoi),)
    if avec_contraintes and r7 is not None:
        explications += (r7,)
    return Proposition(
        regle=regle.code,
        offre_type=regle.offre_type,
        libelle=regle.libelle,
        moment=moment,
        services=services,
        dispositifs=regle.dispositifs,
        modalites=regle.modalites,
        contraintes=contraintes if avec_contraintes else (),
        explications=explications,
        conseil=regle.conseil,
    )


def proposer(situation: Situation) -> list[Proposition]:
    """The offers for this situation, first to do first. Raises DomainError (field
    `niveau`) when no rule can decide without the level."""
    if situation.refuse:
        r8 = REGLES["R8"]
        texte = "Vous ne souhaitez aucune des offres proposées : votre choix est respecté."
        return [_proposition(r8, texte, "maintenant", situation, (), None)]
    contraintes, r7 = _contraintes(situation)
    propositions: list[Proposition] = []
    urgent_et_faible = _a(situation, "demarche_urgente") and (
        situation.niveau is not None and situation.niveau <= 1
    )
    if urgent_et_faible or _a(situation, "souhaite_qu_on_fasse_pour_lui"):
        pourquoi = _pourquoi_r1(situation)
        propositions.append(
            _proposition(REGLES["R1"], pourquoi, "maintenant", situation, contraintes, r7)
        )
    if _a(situation, "sans_equipement") or _a(situation, "sans_connexion"):
        pourquoi = _pourquoi_r2(situation)
        propositions.append(
            _proposition(REGLES["R2"], pourquoi, "maintenant", situation, contraintes, r7)
        )
    if situation.niveau is None:
        if propositions:
            return propositions
        raise DomainError(
            "Le niveau d'autonomie numérique est nécessaire pour choisir l'offre : réalisez "
            "un diagnostic ou indiquez un niveau de 0 à 4.",
            "niveau",
        )
    code = regle_de_niveau(situation.niveau)
    vous = VOUS_NIVEAUX[situation.niveau]
    pourquoi = _POURQUOI_NIVEAU[code].format(V=vous[0].upper() + vous[1:], n=situation.niveau)
    moment = "ensuite" if propositions else "maintenant"
    propositions.append(_proposition(REGLES[code], pourquoi, moment, situation, contraintes, r7))
    return propositions
