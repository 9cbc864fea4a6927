"""The versions of the skills grid. Never change a published version: add a new one (a new
`version` key) and make it GRILLE_COURANTE; levels computed before keep theirs.

Version 2026.1 is the grid proposed in referential_eval.md (b.1): six everyday skills tied to
the CRCN (Pix) competences, the NAN 0–4 levels, the cross-cutting flags, La Coop's themes.
"""

from __future__ import annotations

from datetime import date

from domain.grille.grille import Bareme, Competence, Grille, Niveau
from domain.grille.thematiques import THEMATIQUES_ADMINISTRATIVES, THEMATIQUES_MEDIATION

ECHELLE = (
    "Ne le fait pas, même guidé (ou ne souhaite pas le faire)",
    "Le fait avec un guidage pas à pas",
    "Le fait seul, avec un guidage en cas de besoin",
    "Le fait seul dans les situations courantes",
    "Le fait seul dans des situations nouvelles et peut aider d'autres personnes",
)

COMPETENCES = (
    Competence(
        code="S1",
        libelle="Manipuler son équipement",
        crcn=("5.1", "5.2"),
        descripteurs=(
            "N'a pas d'équipement, ou ne sait pas l'allumer ni le déverrouiller",
            "Allume, déverrouille, utilise l'écran tactile ou la souris quand on le guide",
            "Ouvre seul une application connue ; bloque devant une mise à jour ou un message "
            "inattendu",
            "Installe une application, se connecte au Wi-Fi, règle son appareil seul",
            "Résout seul les problèmes courants (mise à jour, stockage plein) et aide d'autres "
            "personnes",
        ),
    ),
    Competence(
        code="S2",
        libelle="Naviguer et chercher",
        crcn=("1.1",),
        descripteurs=(
            "N'utilise pas internet",
            "Ouvre un site quand on lui montre où taper l'adresse ou la recherche",
            "Fait seul une recherche simple ; se perd dans les résultats ou les publicités",
            "Trouve seul une information fiable et retrouve un site utile",
            "Compare les sources, repère les sites officiels et montre comment faire",
        ),
    ),
    Competence(
        code="S3",
        libelle="Communiquer : e-mail, messagerie, visio",
        crcn=("2.1",),
        descripteurs=(
            "N'a ni adresse e-mail ni messagerie",
            "Lit un message ou répond à un appel vidéo avec un guidage pas à pas",
            "Envoie seul un e-mail ou un message simple ; bloque pour une pièce jointe ou une "
            "visio",
            "Échange seul par e-mail, messagerie et visio, pièces jointes comprises",
            "Utilise plusieurs outils d'échange et aide d'autres personnes à communiquer",
        ),
    ),
    Competence(
        code="S4",
        libelle="Gérer ses documents et identifiants",
        crcn=("1.2", "4.1"),
        precision="Scanner, joindre un PDF, mots de passe",
        descripteurs=(
            "Ne sait pas où sont ses documents numériques ni ses identifiants",
            "Photographie ou scanne un document quand on le guide",
            "Retrouve un document enregistré et un identifiant noté ; bloque pour joindre un PDF",
            "Scanne, classe, joint un PDF et gère ses mots de passe seul",
            "Organise ses documents (dossiers, sauvegardes, gestionnaire de mots de passe) et "
            "conseille d'autres personnes",
        ),
    ),
    Competence(
        code="S5",
        libelle="Se protéger : arnaques, données personnelles",
        crcn=("4.2", "4.3"),
        descripteurs=(
            "Ne connaît pas les risques (arnaques, partage de ses données)",
            "Reconnaît une arnaque évidente quand on la lui montre",
            "Se méfie des messages suspects mais demande confirmation avant d'agir",
            "Repère seul les arnaques courantes et protège ses données personnelles",
            "Sécurise ses comptes (double authentification, mises à jour) et prévient son "
            "entourage",
        ),
    ),
    Competence(
        code="S6",
        libelle="Faire ses démarches en ligne",
        crcn=("2.4",),
        precision="FranceConnect, comptes CAF, ameli, impots.gouv : la compétence "
        "« e-administration » que les médiateurs ajoutent au CRCN",
        descripteurs=(
            "N'a jamais fait de démarche en ligne, ou refuse d'en faire",
            "Fait une démarche connue avec un guidage pas à pas",
            "Se connecte seul à ses comptes (CAF, ameli, impots.gouv, FranceConnect) ; bloque "
            "à l'imprévu",
            "Fait seul ses démarches courantes en ligne",
            "Fait seul des démarches nouvelles et peut en accompagner d'autres",
        ),
    ),
)

NIVEAUX = (
    Niveau(
        valeur=0,
        libelle="Non-usager, à assister",
        description="N'a pas d'équipement ou ne l'a jamais utilisé, ne déverrouille pas un "
        "téléphone, n'a pas d'e-mail ; ou ne souhaite pas apprendre",
        crcn="< 1",
        pix="pré-novice",
    ),
    Niveau(
        valeur=1,
        libelle="Grand débutant",
        description="Fait des actions élémentaires seulement quand on le guide pas à pas",
        crcn="1",
        pix="novice 1",
    ),
    Niveau(
        valeur=2,
        libelle="Débutant",
        description="Applique seul une procédure connue, bloque au premier écran inattendu",
        crcn="2",
        pix="novice 2",
    ),
    Niveau(
        valeur=3,
        libelle="Intermédiaire, presque autonome",
        description="Fait seul les tâches courantes ; a besoin d'être rassuré pour une "
        "démarche nouvelle, la sécurité, l'IA",
        crcn="3–4",
        pix="indépendant",
    ),
    Niveau(
        valeur=4,
        libelle="Autonome, ressource",
        description="Fait face à des situations nouvelles ; peut aider d'autres personnes",
        crcn="≥ 5",
        pix="avancé et au-delà",
    ),
)

SOURCES = {
    "observation": "Observation par le médiateur (2 ou 3 tâches réelles)",
    "declaratif": "Auto-déclaration de la personne",
    "abc_diag": "Résultat ABC Diag (Pix) importé",
    "pix": "Score Pix importé",
}

DRAPEAUX = {
    "sans_equipement": "Sans équipement",
    "sans_connexion": "Sans connexion à internet",
    "demarche_urgente": "Démarche urgente (échéance sous 15 jours ou droits menacés)",
    "souhaite_faire_seul": "Souhaite apprendre à faire seul",
    "souhaite_qu_on_fasse_pour_lui": "Souhaite qu'on fasse la démarche à sa place",
    "langue": "Difficulté avec la langue française",
    "illettrisme": "Illettrisme",
    "handicap_visuel": "Handicap visuel (déficience visuelle)",
    "handicap_auditif": "Handicap auditif (surdité)",
    "handicap_moteur": "Handicap moteur",
    "handicap_mental": "Handicap mental",
    "mobilite_reduite": "Mobilité réduite (à domicile ou itinérance)",
    "pass_numerique_eligible": "Éligible au Pass numérique",
}

# La Coop's 3-level autonomy (what mediators already record), plus the two ends of the grid
# (referential_eval.md b.1, inputs 1.).
AUTONOMIE_COOP = {
    "ne_peut_pas": 0,
    "entierement_accompagne": 1,
    "partiellement_autonome": 2,
    "autonome": 3,
    "aide_les_autres": 4,
}
LIBELLES_AUTONOMIE_COOP = {
    "ne_peut_pas": "Ne peut pas, ou refuse",
    "entierement_accompagne": "Avec guidage",
    "partiellement_autonome": "Autonome avec guidage en cas de besoin",
    "autonome": "Autonome",
    "aide_les_autres": "Aide les autres",
}
AUTODECLARATION = {
    "je_ne_sais_pas": 0,
    "avec_aide": 1,
    "seul_parfois": 2,
    "seul": 3,
    "j_aide_les_autres": 4,
}
LIBELLES_AUTODECLARATION = {
    "je_ne_sais_pas": "Je ne sais pas",
    "avec_aide": "Avec de l'aide",
    "seul_parfois": "Seul, parfois",
    "seul": "Seul",
    "j_aide_les_autres": "J'aide les autres",
}

# Calibrations of imported scores: ASSUMPTIONS, to be checked against the hub's own data
# (ABC Diag's bands are not published, referential_eval.md "Open points" 3).
BAREMES = {
    "pix": Bareme(
        minimum=0,
        maximum=1024,
        seuils=(64, 128, 256, 512),
        hypothese="Score Pix global sur 1 024, lu avec les paliers du certificat Pix v3 "
        "(pré-novice < 64, novice 1 dès 64, novice 2 dès 128, indépendant dès 256, avancé "
        "dès 512) et l'équivalence de la grille : pré-novice → 0, novice 1 → 1, novice 2 → 2, "
        "indépendant → 3, avancé et au-delà → 4.",
    ),
    "abc_diag": Bareme(
        minimum=0,
        maximum=10,
        seuils=(3, 5, 8),
        hypothese="Nombre de bonnes réponses sur les 10 questions d'ABC Diag (barème Pix non "
        "publié) : 0–2 → 0, 3–4 → 1, 5–7 → 2, 8–10 → 3. ABC Diag ne teste que les bases : "
        "il ne peut pas montrer le niveau 4 (situations nouvelles, aider les autres).",
    ),
}

GRILLE_2026_1 = Grille(
    version="2026.1",
    depuis=date(2026, 1, 1),
    competences=COMPETENCES,
    niveaux=NIVEAUX,
    ecart_max=1,
    echelle=ECHELLE,
    sources=SOURCES,
    drapeaux=DRAPEAUX,
    thematiques_mediation=THEMATIQUES_MEDIATION,
    thematiques_administratives=THEMATIQUES_ADMINISTRATIVES,
    autonomie_coop=AUTONOMIE_COOP,
    libelles_autonomie_coop=LIBELLES_AUTONOMIE_COOP,
    autodeclaration=AUTODECLARATION,
    libelles_autodeclaration=LIBELLES_AUTODECLARATION,
    baremes=BAREMES,
)

GRILLES = {GRILLE_2026_1.version: GRILLE_2026_1}
GRILLE_COURANTE = GRILLE_2026_1
