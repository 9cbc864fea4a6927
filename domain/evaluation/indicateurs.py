"""The indicator dictionary of the evaluation reports (referential_eval.md, section d.1).

Each indicator says what it counts, how, and from which events and read models, so that the
method annex of a report is this dictionary itself. Texts are read by funders: French.
"""

from __future__ import annotations

import msgspec

TAUX_ILLECTRONISME = 0.154
"""Insee 2021 (Insee Première n° 1953, juin 2023): share of people aged 15 or more."""
PART_15_ANS_ET_PLUS = 0.84
"""Share of people aged 15 or more in the population, applied to every commune's total."""
TAUX_PAR_AGE = {"15-44 ans": 0.03, "45-59 ans": 0.09, "60-74 ans": 0.27, "75 ans et plus": 0.67}
"""Same study, by age band (as reported by economiematin.fr): stated in the annex only, the
communes table holding no age structure."""
SEUIL_IFN_FRAGILE = 7
"""IFN from which a commune counts as fragile (M1.7, M4.7, M4.13)."""


class Indicateur(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    mission: int
    libelle: str
    definition: str
    formule: str
    source: str
    unite: str
    """« nombre », « pourcentage », « euros », « heures », « ratio », « pour 10 000 habitants »."""


def cle_tri(identifiant: str) -> tuple[int, int]:
    """« M4.12 » → (4, 12): M4.2 comes before M4.12."""
    mission, numero = identifiant.removeprefix("M").split(".")
    return int(mission), int(numero)


_LIEUX_OUVERTS = "lieux ouverts (ni fermés ni fusionnés dans un autre)"

_LISTE = [
    Indicateur(
        id="M1.1",
        mission=1,
        libelle="Lieux d'inclusion numérique recensés",
        definition=(
            f"Nombre de {_LIEUX_OUVERTS} du territoire à la fin de la période, par typologie "
            "de structure et par dispositif (conseillers numériques, France Services, "
            "Aidants Connect)."
        ),
        formule="Compte des lieux non fermés et non fusionnés, commune du lieu dans le territoire.",
        source=(
            "Événements LieuRecense, LieuModifie, LieuFerme, LieuFusionne ; table "
            "lieux_intervalles (état de chaque lieu à la fin de la période)."
        ),
        unite="nombre",
    ),
    Indicateur(
        id="M1.2",
        mission=1,
        libelle="Fraîcheur du recensement",
        definition=(
            f"Part des {_LIEUX_OUVERTS} dont la fiche a été vérifiée (modifiée ou confirmée) "
            "depuis moins de 12 mois à la fin de la période."
        ),
        formule="Lieux vérifiés depuis moins de 12 mois / lieux ouverts × 100.",
        source=(
            "Événements LieuVerifie, LieuModifie ; table lieux_intervalles (colonne "
            "verifie_le, à la fin de la période)."
        ),
        unite="pourcentage",
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
    ),
    Indicateur(
        id="M1.5",
        mission=1,
        libelle="Actions d'animation du réseau",
        definition=(
            "Ici, seules les sessions de formation d'aidants organisées par le hub sont "
            "comptées (le hub n'enregistre pas encore les autres animations : assemblées, "
            "comités, webinaires) : sessions tenues (non annulées, terminées dans la période) "
            "et leurs participants."
        ),
        formule="Compte des sessions non annulées dont la fin tombe dans la période ; "
        "somme des participants inscrits à ces sessions.",
        source=(
            "Événements SessionProgrammee, SessionAnnulee, InscriptionEnregistree ; tables "
            "formation_sessions, formation_inscriptions."
        ),
        unite="nombre",
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
    ),
    Indicateur(
        id="M1.7",
        mission=1,
        libelle="Densité d'offre en zone fragile",
        definition=(
            "Lieux ouverts pour 10 000 habitants, dans les communes dont l'Indice de "
            f"Fragilité Numérique est ≥ {SEUIL_IFN_FRAGILE} d'une part et < "
            f"{SEUIL_IFN_FRAGILE} d'autre part ; les communes sans indice importé sont "
            "écartées et leur nombre est indiqué."
        ),
        formule="Lieux ouverts du groupe / population du groupe × 10 000.",
        source=(
            "Tables lieux_intervalles (à la fin de la période), ifn_communes (score), "
            "communes (population)."
        ),
        unite="pour 10 000 habitants",
    ),
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
    ),
    Indicateur(
        id="M2.2",
        mission=2,
        libelle="Taux de succès des demandes de financement",
        definition=(
            "Parmi les dossiers décidés dans la période, part des dossiers accordés, en "
            "nombre et en montant demandé ; les dossiers en attente de décision à la fin de la "
            "période sont exclus, même s'ils ont été décidés depuis."
        ),
        formule="Accordés / (accordés + refusés) × 100, en nombre puis en euros demandés.",
        source="Événements FinancementAccorde, FinancementRefuse ; table financements.",
        unite="pourcentage",
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
            "au fonctionnement du hub (sans objet si ce dénominateur est nul)."
        ),
        source="Table financements (colonne fonctionnement_hub).",
        unite="ratio",
    ),
    Indicateur(
        id="M2.4",
        mission=2,
        libelle="Pass numérique : taux d'utilisation",
        definition=(
            "Pass commandés, carnets remis aux personnes (injectés) et pass scannés dans un "
            "lieu qualifié ; taux d'utilisation = pass scannés / pass émis, pour les "
            "commandes dont le périmètre est le territoire."
        ),
        formule="Pass scannés / (carnets commandés × pass par carnet) × 100 ; montants en euros "
        "à la valeur faciale.",
        source=(
            "Événements CommandePassPassee, CarnetsRemis, CarnetInjecte, PassScanne ; tables "
            "pass_commandes, pass_carnets, pass_scans."
        ),
        unite="pourcentage",
    ),
    Indicateur(
        id="M3.1",
        mission=3,
        libelle="Aidants formés",
        definition=(
            "Aidants distincts ayant terminé au moins une formation du hub dans la période, "
            "par parcours et par type d'aidant ; un aidant qui termine deux parcours compte "
            "une fois au total et une fois dans chaque parcours."
        ),
        formule="Compte des aidants distincts ayant une inscription terminée dans la période.",
        source="Événement FormationTerminee ; tables formation_inscriptions, aidants.",
        unite="nombre",
    ),
    Indicateur(
        id="M3.2",
        mission=3,
        libelle="Heures de formation d'aidants",
        definition="Heures de formation suivies par les aidants qui ont terminé un parcours "
        "dans la période.",
        formule="Σ durée du parcours (heures) × aidants l'ayant terminé dans la période.",
        source="Tables formation_parcours (duree_heures), formation_sessions, "
        "formation_inscriptions.",
        unite="heures",
    ),
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
    ),
    Indicateur(
        id="M4.3",
        mission=4,
        libelle="Bénéficiaires uniques",
        definition=(
            "Suivis : personnes nommées distinctes accompagnées dans la période (une personne "
            "vue dix fois compte une fois) ; anonymes : une personne par accompagnement "
            "anonyme (on ne peut pas les rapprocher) ; total = suivis + anonymes. Nouveaux : "
            "personnes suivies dont le tout premier accompagnement tombe dans la période, plus "
            "les anonymes non déclarés « déjà accompagnés »."
        ),
        formule="count(DISTINCT beneficiaire_id) + count(accompagnements anonymes).",
        source="Tables accompagnements (beneficiaire_id, premier_accompagnement), activites.",
        unite="nombre",
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
    ),
    Indicateur(
        id="M4.5",
        mission=4,
        libelle="Intensité de l'accompagnement",
        definition=(
            "Heures-personnes par personne suivie : médiane et 9e décile, et part des "
            "personnes suivies ayant reçu 10 heures ou plus dans la période (parcours long) ; "
            "les anonymes sont exclus, faute de pouvoir les suivre."
        ),
        formule="Distribution des heures-personnes par beneficiaire_id sur la période.",
        source="Tables accompagnements, activites.",
        unite="heures",
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
    ),
    Indicateur(
        id="M4.7",
        mission=4,
        libelle="Profil des publics",
        definition=(
            "Répartition des bénéficiaires uniques par tranche d'âge, statut social, genre et "
            f"commune de résidence, dont la part vivant dans une commune d'IFN ≥ "
            f"{SEUIL_IFN_FRAGILE} ; « non communiqué » est une modalité publiée."
        ),
        formule="Personnes suivies distinctes (profil le plus récent) + anonymes (profil déclaré).",
        source="Tables accompagnements, beneficiaires (sans identité), ifn_communes.",
        unite="nombre",
    ),
    Indicateur(
        id="M4.8",
        mission=4,
        libelle="Niveau à l'entrée",
        definition=(
            "Répartition des personnes dont le premier diagnostic tombe dans la période selon "
            "leur Niveau d'Autonomie Numérique (NAN, 0 à 4) à ce premier diagnostic."
        ),
        formule="Compte des personnes par niveau du premier diagnostic non annulé.",
        source="Événements DiagnosticRealise, NiveauEvalue, DiagnosticAnnule ; table diagnostics.",
        unite="nombre",
    ),
    Indicateur(
        id="M4.9",
        mission=4,
        libelle="Progression",
        definition=(
            "Parmi les personnes ayant au moins deux diagnostics non annulés, dont le dernier "
            "tombe dans la période : part de celles dont le niveau (NAN) a progressé d'au "
            "moins 1 entre le premier et le dernier, et progression moyenne."
        ),
        formule="Personnes avec Δ ≥ 1 / personnes avec ≥ 2 diagnostics × 100 ; moyenne des Δ "
        "(Δ = niveau du dernier − niveau du premier).",
        source="Table diagnostics (niveau, date, annule).",
        unite="pourcentage",
    ),
    Indicateur(
        id="M4.10",
        mission=4,
        libelle="Orientations et leur issue",
        definition=(
            "Orientations proposées dans la période, par type d'offre, et leur issue : "
            "aboutie (la personne est venue), prise en charge, acceptée, refusée, expirée, "
            "encore en cours. L'issue est celle connue le jour du calcul (suivi de la cohorte "
            "des orientations de la période) : tant que certaines sont en cours, le chiffre "
            "d'une période passée peut encore évoluer ; un rapport figé le fixe."
        ),
        formule="Compte des orientations par statut ; taux d'aboutissement = abouties / "
        "proposées × 100.",
        source="Événements OrientationProposee … OrientationAboutie, OrientationExpiree ; "
        "table orientations.",
        unite="nombre",
    ),
    Indicateur(
        id="M4.12",
        mission=4,
        libelle="Taux de couverture du public cible",
        definition=(
            "Bénéficiaires uniques des 12 derniers mois rapportés à la population cible "
            "estimée, par EPCI. Insee 2021 : 15,4 % des 15 ans et plus sont en situation "
            "d'illectronisme (≈ 3 % des 15-44 ans, 9 % des 45-59 ans, 27 % des 60-74 ans, 67 % "
            "des 75 ans et plus). Approximation : le référentiel des communes ne donnant que la "
            "population totale, on applique le taux global de 15,4 % aux 15 ans et plus, "
            "estimés à 84 % de la population, soit une cible ≈ 12,9 % de la population, sans "
            "tenir compte de la structure par âge locale. Numérateur et dénominateur sont "
            "publiés avec le taux."
        ),
        formule="Bénéficiaires uniques (12 mois glissants) / (population × 0,84 × 0,154) × 100.",
        source="Tables accompagnements, communes (population, epci). Insee Première n° 1953.",
        unite="pourcentage",
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
    ),
    Indicateur(
        id="M4.14",
        mission=4,
        libelle="Coût par bénéficiaire",
        definition=(
            "Financements accordés fléchés sur l'accompagnement, au prorata des jours de leur "
            "période couverts par la période du rapport, plus la valeur faciale des pass "
            "scannés, rapportés aux bénéficiaires uniques ; la masse salariale des médiateurs "
            "n'est pas enregistrée dans le hub et n'est donc pas comptée. Aussi par "
            "heure-personne."
        ),
        formule="(Σ montant accordé fléché × jours communs / jours du financement + Σ pass "
        "scannés × valeur faciale) / bénéficiaires uniques.",
        source="Tables financements (fleche_accompagnement), pass_scans, pass_commandes, "
        "accompagnements.",
        unite="euros",
    ),
]

INDICATEURS: dict[str, Indicateur] = {i.id: i for i in sorted(_LISTE, key=lambda i: cle_tri(i.id))}
