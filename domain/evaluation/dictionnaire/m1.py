"""Mission 1 — recenser, articuler: the places and aidants of the territory, the network's
animation, the coverage of the offer."""

from __future__ import annotations

from domain.evaluation.dictionnaire.commun import (
    LIEUX_OUVERTS,
    REGISTRE_A_LA_FIN,
    SEUIL_IFN_FRAGILE,
    Indicateur,
)

MISSION_1 = [
    Indicateur(
        id="M1.1",
        mission=1,
        libelle="Lieux d'inclusion numérique recensés",
        definition=(
            f"Nombre de {LIEUX_OUVERTS} du territoire à la fin de la période, par typologie "
            "de structure et par dispositif (conseillers numériques, France Services, "
            "Aidants Connect)."
        ),
        formule="Compte des lieux non fermés et non fusionnés, commune du lieu dans le territoire.",
        source=(
            "Événements LieuRecense, LieuModifie, LieuFerme, LieuFusionne ; table "
            "lieux_intervalles (état de chaque lieu à la fin de la période)."
        ),
        unite="nombre",
        a_la_date=REGISTRE_A_LA_FIN,
    ),
    Indicateur(
        id="M1.2",
        mission=1,
        libelle="Fraîcheur du recensement",
        definition=(
            f"Part des {LIEUX_OUVERTS} dont la fiche a été vérifiée (modifiée ou confirmée) "
            "depuis moins de 12 mois à la fin de la période."
        ),
        formule="Lieux vérifiés depuis moins de 12 mois / lieux ouverts × 100.",
        source=(
            "Événements LieuVerifie, LieuModifie ; table lieux_intervalles (colonne "
            "verifie_le, à la fin de la période)."
        ),
        unite="pourcentage",
        numerateur=(
            "Lieux ouverts à la fin de la période dont la dernière vérification (modification "
            "ou confirmation) date de moins de 12 mois au dernier jour de la période."
        ),
        denominateur="Lieux ouverts du territoire à la fin de la période (M1.1).",
        a_la_date=(
            f"{REGISTRE_A_LA_FIN} Une vérification compte à la date où elle a été "
            "enregistrée, pas à la date que lui donne une source importée."
        ),
    ),
    Indicateur(
        id="M1.3",
        mission=1,
        libelle="Aidants numériques identifiés",
        definition=(
            "Nombre d'aidants actifs (non désactivés) ayant un lieu d'exercice dans le "
            "territoire à la fin de la période, par type d'aidant (conseiller numérique, "
            "médiateur salarié, agent France Services, travailleur social, agent d'accueil, "
            "bénévole, service civique) ; "
            "dont habilités Aidants Connect dont l'habilitation est en cours de validité."
        ),
        formule="Compte des aidants distincts par type ; chaque aidant compté une fois.",
        source=(
            "Événements AidantEnregistre, AidantModifie, AidantDesactive, "
            "AidantHabiliteAidantsConnect, HabilitationRetiree ; tables aidants_intervalles et "
            "lieux_intervalles (état à la fin de la période)."
        ),
        unite="nombre",
        a_la_date=(
            "État des aidants et de leurs lieux à la fin du dernier jour de la période (heure "
            "de Paris), d'après les événements enregistrés jusque-là : un aidant désactivé ou "
            "habilité plus tard ne change pas le chiffre ; habilitation Aidants Connect "
            "valable le dernier jour de la période."
        ),
    ),
    Indicateur(
        id="M1.5",
        mission=1,
        libelle="Actions d'animation du réseau",
        definition=(
            "Ici, seules les sessions de formation d'aidants organisées par le hub dans un "
            "lieu du territoire sont comptées (le hub n'enregistre pas encore les autres "
            "animations : assemblées, comités, webinaires ; une session sans lieu n'est pas "
            "comptée) : sessions tenues (non annulées, terminées dans la période) et leurs "
            "participants."
        ),
        formule="Compte des sessions non annulées dont la fin tombe dans la période ; "
        "somme des participants inscrits à ces sessions.",
        source=(
            "Événements SessionProgrammee, SessionAnnulee, InscriptionEnregistree ; tables "
            "formation_sessions, formation_inscriptions."
        ),
        unite="nombre",
        a_la_date=(
            "Sessions dont la date de fin tombe dans la période ; annulation, inscriptions et "
            "commune du lieu de la session tels qu'ils sont le jour du calcul (une session "
            "annulée après coup disparaît d'une période passée)."
        ),
    ),
    Indicateur(
        id="M1.6",
        mission=1,
        libelle="Couverture territoriale de l'offre",
        definition=(
            "Part de la population du territoire vivant dans une commune qui a elle-même au "
            "moins un lieu ouvert. La distance routière (ou à vol d'oiseau) à un lieu d'une "
            "commune voisine n'est pas encore prise en compte : le chiffre sous-estime la "
            "couverture des petites communes."
        ),
        formule=(
            "Σ population des communes couvertes / Σ population des communes du territoire "
            "× 100 (population municipale du référentiel des communes)."
        ),
        source=(
            "Table lieux_intervalles (commune de chaque lieu à la fin de la période) ; "
            "table communes (population, latitude, longitude)."
        ),
        unite="pourcentage",
        numerateur=(
            "Population municipale des communes du territoire ayant au moins un lieu ouvert "
            "à la fin de la période."
        ),
        denominateur="Population municipale de toutes les communes du territoire.",
        a_la_date=(
            f"{REGISTRE_A_LA_FIN} Populations : référentiel des communes chargé le jour du calcul."
        ),
    ),
    Indicateur(
        id="M1.7",
        mission=1,
        libelle="Densité d'offre en zone fragile",
        definition=(
            "Lieux ouverts pour 10 000 habitants dans les communes du territoire dont "
            f"l'Indice de Fragilité Numérique est ≥ {SEUIL_IFN_FRAGILE} ; les communes sans "
            "indice importé sont écartées (seul le groupe fragile est publié pour l'instant)."
        ),
        formule="Lieux ouverts des communes fragiles / population de ces communes × 10 000.",
        source=(
            "Tables lieux_intervalles (à la fin de la période), ifn_communes (score), "
            "communes (population)."
        ),
        unite="pour 10 000 habitants",
        numerateur=(
            f"Lieux ouverts à la fin de la période dans les communes d'IFN ≥ {SEUIL_IFN_FRAGILE}."
        ),
        denominateur=f"Population municipale des communes d'IFN ≥ {SEUIL_IFN_FRAGILE}.",
        a_la_date=(
            f"{REGISTRE_A_LA_FIN} IFN et populations : référentiels chargés le jour du calcul."
        ),
    ),
]
