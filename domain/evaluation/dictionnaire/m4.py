"""Mission 4 — accompagner: accompaniments, the people helped, their progress, referrals,
coverage of the target population, targeting and cost."""

from __future__ import annotations

from domain.evaluation.dictionnaire.commun import (
    ACTIVITES_DATEES,
    FINANCEMENTS_A_LA_FIN,
    SEUIL_IFN_FRAGILE,
    Indicateur,
)

_DIAGNOSTICS = (
    "Personnes suivies accompagnées dans la période ; leurs diagnostics datés au plus tard du "
    "dernier jour de la période, annulations connues le jour du calcul."
)

MISSION_4 = [
    Indicateur(
        id="M4.1",
        mission=4,
        libelle="Accompagnements",
        definition=(
            "Définition de La Coop de la médiation numérique : un accompagnement par activité "
            "individuelle et un par participant de chaque atelier collectif, anonymes compris "
            "; ventilé individuel / collectif et aide aux démarches administratives."
        ),
        formule="Σ participants des activités non supprimées datées dans la période.",
        source="Événements ActiviteEnregistree, ActiviteCorrigee, ActiviteSupprimee ; tables "
        "activites, accompagnements.",
        unite="nombre",
        a_la_date=ACTIVITES_DATEES,
    ),
    Indicateur(
        id="M4.2",
        mission=4,
        libelle="Activités",
        definition="Accompagnements individuels et ateliers collectifs tenus dans la période, "
        "avec le nombre moyen de participants par atelier.",
        formule="Compte des activités non supprimées par type ; participants des ateliers / "
        "ateliers.",
        source="Table activites.",
        unite="nombre",
        a_la_date=ACTIVITES_DATEES,
    ),
    Indicateur(
        id="M4.3",
        mission=4,
        libelle="Bénéficiaires uniques",
        definition=(
            "Suivis : personnes nommées distinctes accompagnées dans la période (une personne "
            "vue dix fois compte une fois) ; anonymes : une personne par accompagnement "
            "anonyme (on ne peut pas les rapprocher) ; total = suivis + anonymes. Nouveaux : "
            "personnes suivies dont le tout premier accompagnement (où qu'il ait eu lieu) "
            "tombe dans la période."
        ),
        formule="count(DISTINCT beneficiaire_id) + count(accompagnements anonymes).",
        source="Tables accompagnements (beneficiaire_id, premier_accompagnement), activites.",
        unite="nombre",
        a_la_date=ACTIVITES_DATEES,
    ),
    Indicateur(
        id="M4.4",
        mission=4,
        libelle="Heures d'accompagnement",
        definition=(
            "Heures-personnes : durée des activités individuelles plus durée × participants "
            "des ateliers ; on publie aussi le temps de médiation (Σ durée des activités)."
        ),
        formule="Σ durée × participants / 60 (durées saisies en minutes).",
        source="Table activites (duree, participants).",
        unite="heures",
        a_la_date=ACTIVITES_DATEES,
    ),
    Indicateur(
        id="M4.5",
        mission=4,
        libelle="Intensité de l'accompagnement",
        definition=(
            "Heures-personnes par bénéficiaire unique ; pour les personnes suivies : médiane "
            "des heures-personnes et part de celles ayant reçu 10 heures ou plus dans la "
            "période (parcours long) ; les anonymes en sont exclus, faute de pouvoir les suivre."
        ),
        formule="Heures-personnes / bénéficiaires uniques ; distribution des heures-personnes "
        "par beneficiaire_id sur la période ; parcours longs / personnes suivies × 100.",
        source="Tables accompagnements, activites.",
        unite="heures",
        numerateur=(
            "Heures-personnes de la période (intensité) ; personnes suivies ayant reçu 10 "
            "heures-personnes ou plus dans la période (parcours long)."
        ),
        denominateur=(
            "Bénéficiaires uniques de la période (intensité) ; personnes suivies distinctes "
            "de la période (parcours long)."
        ),
        a_la_date=ACTIVITES_DATEES,
    ),
    Indicateur(
        id="M4.6",
        mission=4,
        libelle="Thématiques des accompagnements",
        definition=(
            "Accompagnements par thématique de La Coop (une activité peut en avoir plusieurs : "
            "la somme dépasse alors le total), avec les sous-thèmes des démarches "
            "administratives."
        ),
        formule="Compte des accompagnements dont l'activité porte la thématique.",
        source="Table activites (thematiques, precisions_demarche), accompagnements.",
        unite="nombre",
        a_la_date=ACTIVITES_DATEES,
    ),
    Indicateur(
        id="M4.7",
        mission=4,
        libelle="Profil des publics",
        definition=(
            "Répartition des bénéficiaires uniques par tranche d'âge, genre et statut social ; "
            "« non communiqué » est une modalité publiée. La commune de résidence n'est pas "
            "publiée commune par commune : elle sert à l'indice de ciblage (M4.13)."
        ),
        formule="Personnes suivies distinctes (profil le plus récent) + anonymes (profil déclaré).",
        source="Tables accompagnements, beneficiaires (sans identité), ifn_communes.",
        unite="nombre",
        a_la_date=(
            f"{ACTIVITES_DATEES} Profil des personnes suivies : le plus récent, tel qu'il est "
            "le jour du calcul."
        ),
    ),
    Indicateur(
        id="M4.8",
        mission=4,
        libelle="Niveau à l'entrée",
        definition=(
            "Répartition des personnes suivies accompagnées dans la période et ayant au moins "
            "un diagnostic non annulé, selon leur Niveau d'Autonomie Numérique (NAN, 0 à 4) à "
            "leur premier diagnostic."
        ),
        formule="Compte des personnes par niveau du premier diagnostic non annulé.",
        source="Événements DiagnosticRealise, NiveauEvalue, DiagnosticAnnule ; table diagnostics.",
        unite="nombre",
        a_la_date=_DIAGNOSTICS,
    ),
    Indicateur(
        id="M4.9",
        mission=4,
        libelle="Progression",
        definition=(
            "Parmi les personnes suivies accompagnées dans la période qui ont au moins deux "
            "diagnostics non annulés : part de celles dont le niveau (NAN) a progressé d'au "
            "moins 1 entre le premier et le dernier, et progression moyenne."
        ),
        formule="Personnes avec Δ ≥ 1 / personnes avec ≥ 2 diagnostics × 100 ; moyenne des Δ "
        "(Δ = niveau du dernier − niveau du premier).",
        source="Table diagnostics (niveau, date, annule).",
        unite="pourcentage",
        numerateur=(
            "Personnes dont le niveau au dernier diagnostic dépasse d'au moins 1 celui du premier."
        ),
        denominateur=(
            "Personnes suivies accompagnées dans la période ayant au moins deux diagnostics "
            "non annulés datés au plus tard du dernier jour."
        ),
        a_la_date=_DIAGNOSTICS,
    ),
    Indicateur(
        id="M4.10",
        mission=4,
        libelle="Orientations et leur issue",
        definition=(
            "Orientations proposées dans la période vers un lieu du territoire, par type "
            "d'offre, et leur issue : aboutie (la personne est venue), prise en charge, "
            "acceptée, refusée, expirée, encore en cours. Tant que certaines sont en cours, le "
            "chiffre d'une période passée peut encore évoluer ; un rapport figé le fixe."
        ),
        formule="Compte des orientations par statut ; taux d'acceptation = (acceptées + prises "
        "en charge + abouties) / proposées × 100 ; taux d'aboutissement = abouties / "
        "proposées × 100.",
        source="Événements OrientationProposee … OrientationAboutie, OrientationExpiree ; "
        "table orientations.",
        unite="nombre",
        numerateur=(
            "Orientations acceptées, prises en charge ou abouties (taux d'acceptation) ; "
            "orientations abouties (taux d'aboutissement)."
        ),
        denominateur="Orientations proposées dans la période vers un lieu du territoire.",
        a_la_date=(
            "Issue connue le jour du calcul (cohorte des orientations proposées dans la "
            "période, date de proposition) ; commune du lieu choisi, ou du premier lieu "
            "proposé, telle qu'elle est le jour du calcul."
        ),
    ),
    Indicateur(
        id="M4.12",
        mission=4,
        libelle="Taux de couverture du public cible",
        definition=(
            "Bénéficiaires uniques des 12 derniers mois rapportés à la population cible "
            "estimée, pour le territoire et par EPCI (EPCI entier). Insee 2021 : 15,4 % des "
            "15 ans et plus sont en situation d'illectronisme (≈ 3 % des 15-44 ans, 9 % des "
            "45-59 ans, 27 % des 60-74 ans, 67 % des 75 ans et plus). Approximation : le "
            "référentiel des communes ne donnant que la population totale, on applique le "
            "taux global de 15,4 % aux 15 ans et plus, estimés à 84 % de la population, soit "
            "une cible ≈ 12,9 % de la population, sans tenir compte de la structure par âge "
            "locale."
        ),
        formule="Bénéficiaires uniques (12 mois glissants) / (population × 0,84 × 0,154) × 100.",
        source="Tables accompagnements, communes (population, epci). Insee Première n° 1953.",
        unite="pourcentage",
        numerateur=(
            "Bénéficiaires uniques (personnes suivies distinctes + accompagnements anonymes) "
            "des 12 mois qui finissent le dernier jour de la période, dans le territoire ou "
            "l'EPCI."
        ),
        denominateur=(
            "Population cible estimée : population municipale × 0,84 × 0,154, du territoire "
            "ou de toutes les communes de l'EPCI."
        ),
        a_la_date=(
            "Les 12 mois qui finissent le dernier jour de la période, quelle que soit sa "
            "longueur (pour le 4e trimestre 2026 : du 1er janvier au 31 décembre 2026), "
            "activités telles qu'enregistrées le jour du calcul ; populations : référentiel "
            "des communes chargé le jour du calcul."
        ),
    ),
    Indicateur(
        id="M4.13",
        mission=4,
        libelle="Indice de ciblage",
        definition=(
            "Part des bénéficiaires dont la commune de résidence a un IFN ≥ "
            f"{SEUIL_IFN_FRAGILE}, divisée par la part de la population du territoire vivant "
            "dans ces communes ; au-dessus de 1, l'offre touche davantage les zones fragiles. "
            "Les bénéficiaires sans commune connue sont écartés."
        ),
        formule="(bénéficiaires en IFN ≥ 7 / bénéficiaires localisés) / (population en IFN ≥ 7 "
        "/ population).",
        source="Tables accompagnements (commune_residence), ifn_communes, communes.",
        unite="ratio",
        numerateur=(
            f"Part (%) des bénéficiaires de la période résidant dans une commune d'IFN ≥ "
            f"{SEUIL_IFN_FRAGILE}, parmi ceux dont la commune de résidence est connue."
        ),
        denominateur=(
            f"Part (%) de la population du territoire vivant dans une commune d'IFN ≥ "
            f"{SEUIL_IFN_FRAGILE}."
        ),
        a_la_date=(
            f"{ACTIVITES_DATEES} Commune de résidence : profil le plus récent ; IFN et "
            "populations : référentiels chargés le jour du calcul."
        ),
    ),
    Indicateur(
        id="M4.14",
        mission=4,
        libelle="Coût par bénéficiaire",
        definition=(
            "Financements accordés dans la période et fléchés sur l'accompagnement, plus la "
            "valeur faciale des pass scannés dans la période, rapportés aux bénéficiaires "
            "uniques de la période ; le montant d'un financement n'est pas réparti sur les "
            "jours qu'il couvre : il compte en entier dans la période de sa décision. La "
            "masse salariale des médiateurs n'est pas enregistrée dans le hub et n'est donc "
            "pas comptée. Non calculable sans financement ni pass enregistré."
        ),
        formule="(Σ montant accordé fléché + Σ pass scannés × valeur faciale) / bénéficiaires "
        "uniques.",
        source="Tables financements (fleche_accompagnement), pass_scans, pass_commandes, "
        "accompagnements.",
        unite="euros",
        numerateur=(
            "Euros accordés dans la période fléchés sur l'accompagnement + valeur faciale des "
            "pass scannés dans la période dans un lieu du territoire."
        ),
        denominateur="Bénéficiaires uniques de la période (M4.3).",
        a_la_date=(
            f"Financements : {FINANCEMENTS_A_LA_FIN[0].lower()}{FINANCEMENTS_A_LA_FIN[1:]} "
            f"Pass : scans datés dans la période. Bénéficiaires : {ACTIVITES_DATEES[0].lower()}"
            f"{ACTIVITES_DATEES[1:]}"
        ),
    ),
]
