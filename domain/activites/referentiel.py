"""La Coop de la médiation numérique's activity vocabulary (coop_aidants.md §1.3): stored
values → labels, in La Coop's order, so that our records and figures speak the national
tool's language. The thématiques live in domain/grille/thematiques.py (shared)."""

from __future__ import annotations

TYPES_ACTIVITE = {
    "individuel": "Accompagnement individuel",
    "collectif": "Atelier collectif",
}
TYPES_LIEU = {
    "lieu_activite": "Lieu d'activité",
    "autre": "Autre lieu",
    "domicile": "À domicile",
    "a_distance": "À distance",
}
# Which place a type of place needs: a registry place, a commune (INSEE), or nothing.
LIEU_DU_REGISTRE = "lieu_activite"
AVEC_COMMUNE = ("domicile", "autre")

MATERIELS = {
    "ordinateur": "Ordinateur",
    "telephone": "Téléphone",
    "tablette": "Tablette",
    "autre": "Autre",
    "aucun": "Pas de matériel",
}
SANS_MATERIEL = "aucun"

AUTONOMIES = {
    "entierement_accompagne": "Avec guidage",
    "partiellement_autonome": "Autonome avec guidage en cas de besoin",
    "autonome": "Autonome",
}
STRUCTURES_REDIRECTION = {
    "administration": "Administration (mairie, préfecture…)",
    "mediation_numerique": "Autre structure de médiation numérique",
    "operateur_ou_organisme_en_charge": (
        "Opérateur ou organisme en charge de la démarche administrative"
    ),
    "aide_sociale": "Structure d'aide sociale (maison des solidarités, centre social…)",
    "insertion_professionnelle": (
        "Structure d'insertion professionnelle (France Travail, mission locale, chambre de "
        "commerce…)"
    ),
    "aide_aux_demarches_administratives": (
        "Structure d'aide aux démarches administratives (France Services…)"
    ),
    "autre": "Autre",
}
NIVEAUX_ATELIER = {
    "debutant": "Débutant",
    "intermediaire": "Intermédiaire",
    "avance": "Avancé",
}

# La Coop's quick-pick durations, in minutes (the form adds the mediator's frequent ones).
DUREES_RAPIDES = (15, 30, 45, 60, 90, 120)
DUREE_MIN = 1
DUREE_MAX = 600
# An activity older than this needs a reason (motif_retard): late entries are allowed, but
# said, since figures already sent to funders may have counted without them.
RETARD_MAX_JOURS = 90

# La Coop's statistics buckets: [min, max) in minutes, with their exact labels.
TRANCHES_DUREE = (
    ("moins_30", "Moins de 30 min", 0, 30),
    ("30_60", "30min à 1 h", 30, 60),
    ("60_120", "1 h à 2 h", 60, 120),
    ("120_plus", "2 h et plus", 120, None),
)

AVERTISSEMENT_NOTES = (
    "Il est interdit de stocker des informations sensibles (données de santé, mots de passe, "
    "numéros de sécurité sociale, opinions politiques, religieuses…) dans les notes."
)
