"""What the demo's mediation looks like: seasons, needs by status, démarches, workshops."""

from __future__ import annotations

# Activity by month (1 = January): the summer break and Christmas are quiet, the autumn and
# the tax-return season (April–May) busy.
SAISON = {1: 1.0, 2: 1.1, 3: 1.15, 4: 1.25, 5: 1.2, 6: 1.0, 7: 0.55, 8: 0.3, 9: 1.15}
SAISON |= {10: 1.2, 11: 1.15, 12: 0.7}
# What people come for, by profile: (thématique, weight).
BESOINS = {
    "retraite": (
        ("prendre_en_main_du_materiel", 5),
        ("email", 4),
        ("sante", 4),
        ("aide_aux_demarches_administratives", 4),
        ("securite_numerique", 2),
        ("reseaux_sociaux", 2),
    ),
    "sans_emploi": (
        ("insertion_professionnelle", 6),
        ("aide_aux_demarches_administratives", 5),
        ("bureautique", 3),
        ("email", 3),
        ("navigation_sur_internet", 2),
    ),
    "en_emploi": (
        ("aide_aux_demarches_administratives", 4),
        ("banque_et_achats_en_ligne", 2),
        ("gere_ses_contenus_numeriques", 2),
        ("intelligence_artificielle", 1),
        ("entrepreneuriat", 1),
    ),
    "scolarise": (
        ("scolarite_et_numerique", 4),
        ("culture_numerique", 3),
        ("creer_avec_le_numerique", 2),
        ("securite_numerique", 2),
    ),
    "non_communique": (
        ("aide_aux_demarches_administratives", 4),
        ("prendre_en_main_du_materiel", 3),
        ("email", 2),
        ("navigation_sur_internet", 2),
    ),
}
DEMARCHES = (
    ("social_sante", 5),
    ("argent_impots", 4),
    ("famille_scolarite", 3),
    ("logement", 3),
    ("papiers_elections_citoyennete", 3),
    ("travail_formation", 2),
    ("transports_mobilite", 1),
    ("etrangers_europe", 1),
)
STATUTS: tuple[tuple[str, int], ...] = (
    ("retraite", 42),
    ("sans_emploi", 22),
    ("en_emploi", 18),
    ("scolarise", 6),
    ("non_communique", 12),
)
ATELIERS = (
    ("Premiers pas sur la tablette", "prendre_en_main_du_materiel", "debutant"),
    ("Créer et utiliser son adresse e-mail", "email", "debutant"),
    ("Mon espace santé et ameli", "sante", "intermediaire"),
    ("Repérer les arnaques en ligne", "securite_numerique", "intermediaire"),
    ("Faire sa déclaration de revenus en ligne", "aide_aux_demarches_administratives", "avance"),
    ("Café IA : comprendre l'intelligence artificielle", "intelligence_artificielle", "debutant"),
)
