"""The orientation rules R1–R8 (referential_eval.md b.2), as versioned data.

Never change a published version's meaning: add a new `REGLES_VERSION` and keep the old
texts, since every `OrientationProposee` records the version that produced it.

A rule names the offer type and the fields of the national standard a place must match:
`services` (at least one of them, required), `dispositifs` (at least one, required when
given), `modalites` (preferred: they raise a place's rank, they do not exclude it).
"""

from __future__ import annotations

import msgspec

# 2026.2: every sentence addressed to the person (« vous »); R1 also finds places where an
# aidant habilitated to Aidants Connect works; R7 ranks adapted places first and, when none
# is near, keeps the nearest ones with what to ask for (domain/orientation/suite.py).
REGLES_VERSION = "2026.2"

DEMARCHES = "Aide aux démarches administratives"
OUTILS_DU_QUOTIDIEN = "Maîtrise des outils numériques du quotidien"
ACCES_MATERIEL = "Accès internet et matériel informatique"
MATERIEL_SOLIDAIRE = "Acquisition de matériel informatique à prix solidaire"
INDIVIDUEL = "Accompagnement individuel"
ATELIER = "Dans un atelier collectif"
AUTONOMIE = "En autonomie"
A_DISTANCE = "À distance"


class Regle(msgspec.Struct, frozen=True, kw_only=True):
    code: str
    offre_type: str  # stable code of the offer, stored in events
    libelle: str  # the offer, as the person reads it
    services: tuple[str, ...] = ()
    dispositifs: tuple[str, ...] = ()
    modalites: tuple[str, ...] = ()
    conseil: str = ""  # what comes with it (dose, follow-up), in plain French


REGLES: dict[str, Regle] = {
    r.code: r
    for r in (
        Regle(
            code="R1",
            offre_type="faire_pour",
            libelle="Faire la démarche à votre place (aidant habilité Aidants Connect ou "
            "France Services)",
            services=(DEMARCHES,),
            dispositifs=("Aidants Connect", "France Services"),
            conseil="Une séance par démarche. Vous pourrez apprendre à la faire seul ensuite, "
            "si vous le souhaitez.",
        ),
        Regle(
            code="R2",
            offre_type="acces_equipement",
            libelle="Accès à un ordinateur et à internet, ou matériel à prix solidaire",
            services=(ACCES_MATERIEL, MATERIEL_SOLIDAIRE),
            modalites=(AUTONOMIE,),
            conseil="Une aide ponctuelle, puis vous refaites le point avec un médiateur.",
        ),
        Regle(
            code="R3",
            offre_type="parcours_individuel",
            libelle="Un accompagnement individuel sur plusieurs séances, puis un petit groupe "
            "de débutants",
            services=(OUTILS_DU_QUOTIDIEN,),
            modalites=(INDIVIDUEL,),
            conseil="De 10 à 20 heures en tout ; vous faites le point toutes les 5 séances. "
            "Vous pouvez payer avec un Pass numérique.",
        ),
        Regle(
            code="R4",
            offre_type="ateliers_thematiques",
            libelle="Des ateliers collectifs sur les sujets qui vous intéressent",
            services=(OUTILS_DU_QUOTIDIEN,),
            modalites=(ATELIER,),
            conseil="De 4 à 10 heures d'ateliers, pour vous (niveau débutant ou intermédiaire).",
        ),
        Regle(
            code="R5",
            offre_type="aide_ponctuelle",
            libelle="Une aide ponctuelle quand vous bloquez (permanence, aide à distance)",
            services=(OUTILS_DU_QUOTIDIEN,),
            modalites=(INDIVIDUEL, A_DISTANCE),
            conseil="De 15 minutes à 1 heure par demande ; des parcours en ligne (Les Bons "
            "Clics, Pix) vous permettent de progresser seul.",
        ),
        Regle(
            code="R6",
            offre_type="pas_de_mediation",
            libelle="Pas besoin d'accompagnement : vous pourriez devenir aidant bénévole",
            conseil="Passez la certification Pix, et rejoignez les aidants bénévoles du "
            "territoire pour aider d'autres personnes.",
        ),
        Regle(
            code="R7",
            offre_type="contrainte",
            libelle="D'abord des lieux qui savent accueillir votre situation",
        ),
        Regle(
            code="R8",
            offre_type="refus",
            libelle="Pas d'orientation pour l'instant",
            conseil="Personne ne vous recontactera : revenez quand vous le souhaitez.",
        ),
    )
}

# R7: the flag of the skills grid → the `prise_en_charge_specifique` values that satisfy it
# (any one of them).
PRISES_EN_CHARGE: dict[str, tuple[str, ...]] = {
    "langue": ("Langues étrangères (anglais)", "Langues étrangères (autres)"),
    "illettrisme": ("Illettrisme",),
    "handicap_visuel": ("Déficience visuelle",),
    "handicap_auditif": ("Surdité",),
    "handicap_moteur": ("Handicaps moteurs",),
    "handicap_mental": ("Handicaps mentaux",),
}
# R7, when no adapted place is near: what to ask the nearest places for, in the person's
# words (said when calling or booking).
A_DEMANDER: dict[str, str] = {
    "langue": "un interprète, ou un aidant qui parle votre langue (vous pouvez aussi venir "
    "avec un proche qui parle français)",
    "illettrisme": "qu'on vous lise les documents et qu'on vous les explique, à votre rythme",
    "handicap_visuel": "des documents en gros caractères, ou un poste avec loupe ou lecteur "
    "d'écran",
    "handicap_auditif": "un échange par écrit (SMS, e-mail) ou un interprète en langue des "
    "signes, à prévoir à la prise de rendez-vous",
    "handicap_moteur": "un accès de plain-pied, ou une aide à distance",
    "handicap_mental": "un rendez-vous au calme, avec le temps qu'il vous faut",
}
LIBELLES_CONTRAINTES = {
    "langue": "une difficulté avec le français",
    "illettrisme": "des difficultés pour lire et écrire",
    "handicap_visuel": "un handicap visuel",
    "handicap_auditif": "un handicap auditif",
    "handicap_moteur": "un handicap moteur",
    "handicap_mental": "un handicap mental",
}

# A need theme (La Coop's thématiques, recorded by diagnostics) → the standard's service that
# covers it, for the level rules R3–R5.
SERVICES_PAR_THEME = {
    "securite_numerique": "Utilisation sécurisée du numérique",
    "insertion_professionnelle": "Insertion professionnelle via le numérique",
    "parentalite": "Parentalité et éducation avec le numérique",
    "scolarite_et_numerique": "Parentalité et éducation avec le numérique",
    "creer_avec_le_numerique": "Loisirs et créations numériques",
    "culture_numerique": "Compréhension du monde numérique",
    "intelligence_artificielle": "Compréhension du monde numérique",
    "aide_aux_demarches_administratives": DEMARCHES,
}
