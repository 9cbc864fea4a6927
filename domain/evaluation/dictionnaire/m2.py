"""Mission 2 — financer: funds raised for the territory, success rate, leverage, Pass
numérique."""

from __future__ import annotations

from domain.evaluation.dictionnaire.commun import FINANCEMENTS_A_LA_FIN, Indicateur

MISSION_2 = [
    Indicateur(
        id="M2.1",
        mission=2,
        libelle="Fonds levés",
        definition=(
            "Montants accordés dans la période (date de décision), par source de financement "
            "(Banque des Territoires, État/ANCT, Région, Départements, EPCI, fonds européens, "
            "privés/fondations) et par structure bénéficiaire du territoire."
        ),
        formule="Σ montant accordé des dossiers accordés dont la décision tombe dans la période.",
        source="Événements FinancementDepose, FinancementAccorde ; table financements.",
        unite="euros",
        a_la_date=FINANCEMENTS_A_LA_FIN,
    ),
    Indicateur(
        id="M2.2",
        mission=2,
        libelle="Taux de succès des demandes de financement",
        definition=(
            "Parmi les dossiers décidés dans la période, part des dossiers accordés (en "
            "nombre) ; les dossiers en attente de décision à la fin de la période sont exclus, "
            "même s'ils ont été décidés depuis."
        ),
        formule="Accordés / (accordés + refusés) × 100, en nombre de dossiers.",
        source="Événements FinancementAccorde, FinancementRefuse ; table financements.",
        unite="pourcentage",
        numerateur="Dossiers des structures du territoire accordés dans la période.",
        denominateur=(
            "Dossiers des structures du territoire décidés dans la période (accordés + refusés)."
        ),
        a_la_date=FINANCEMENTS_A_LA_FIN,
    ),
    Indicateur(
        id="M2.3",
        mission=2,
        libelle="Effet levier",
        definition=(
            "Euros levés pour les structures du territoire rapportés aux euros de "
            "fonctionnement du hub accordés sur la même période."
        ),
        formule=(
            "Σ montants accordés non destinés au fonctionnement du hub / Σ montants accordés "
            "au fonctionnement du hub (non calculable si ce dénominateur est nul)."
        ),
        source="Table financements (colonne fonctionnement_hub).",
        unite="ratio",
        numerateur=(
            "Euros accordés dans la période aux structures du territoire, hors fonctionnement "
            "du hub."
        ),
        denominateur="Euros accordés dans la période au fonctionnement du hub.",
        a_la_date=FINANCEMENTS_A_LA_FIN,
    ),
    Indicateur(
        id="M2.4",
        mission=2,
        libelle="Pass numérique : taux d'utilisation",
        definition=(
            "Pass commandés, carnets remis aux personnes (injectés) et pass scannés dans un "
            "lieu qualifié ; taux d'utilisation = pass scannés dans la période / pass des "
            "commandes valables au moins un jour de la période dont le périmètre touche le "
            "territoire ; taux d'injection = carnets injectés / carnets de ces commandes."
        ),
        formule="Pass scannés / (carnets × pass par carnet des commandes valables) × 100 ; "
        "carnets injectés / carnets des commandes valables × 100 ; montants en euros à la "
        "valeur faciale.",
        source=(
            "Événements CommandePassPassee, CarnetsRemis, CarnetInjecte, PassScanne ; tables "
            "pass_commandes, pass_carnets, pass_scans."
        ),
        unite="pourcentage",
        numerateur=(
            "Pass scannés dans la période dans un lieu du territoire (taux d'utilisation) ; "
            "carnets remis aux personnes dans la période par un distributeur du territoire "
            "(taux d'injection)."
        ),
        denominateur=(
            "Pass (carnets × pass par carnet), ou carnets, des commandes passées au plus tard "
            "le dernier jour de la période et valables au moins jusqu'au premier, dont le "
            "périmètre touche le territoire."
        ),
        a_la_date=(
            "Scans et remises datés dans la période (date du scan, date d'injection) ; "
            "commandes valables au moins un jour de la période ; commune du lieu de scan et "
            "du distributeur telle qu'elle est le jour du calcul."
        ),
    ),
]
