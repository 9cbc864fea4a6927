"""The key figures of page one, and the rates and means of the detailed indicators."""

from __future__ import annotations

from domain.evaluation.cellules import arrondi, brute, personnes, taux
from domain.evaluation.indicateurs import PART_15_ANS_ET_PLUS, TAUX_ILLECTRONISME
from domain.evaluation.mesures import Mesures
from domain.evaluation.rapport import Cellule, ChiffreCle, Ligne, Tableau


def couverture(beneficiaires: int, population: int, k: int) -> Cellule:
    cible = population * PART_15_ANS_ET_PLUS * TAUX_ILLECTRONISME
    return taux(personnes(beneficiaires, k), Cellule(valeur=cible))


def _valeurs_cles(m: Mesures, k: int) -> list[tuple[str, str, Cellule, str]]:
    beneficiaires = personnes(m.beneficiaires_uniques, k)
    cible = m.population * PART_15_ANS_ET_PLUS * TAUX_ILLECTRONISME
    scannes = personnes(m.pass_scannes, k)
    return [
        ("M1.1", "Lieux d'inclusion numérique recensés", brute(float(m.lieux)), "nombre"),
        (
            "M1.3",
            "Aidants numériques identifiés",
            personnes(sum(v for c, v in m.aidants.items() if c != "habilites_ac"), k),
            "nombre",
        ),
        ("M4.1", "Accompagnements", personnes(m.somme("total", "total"), k), "nombre"),
        ("M4.3", "Bénéficiaires uniques", beneficiaires, "nombre"),
        (
            "M4.4",
            "Heures d'accompagnement (heures-personnes)",
            arrondi(m.somme("total", "total", 3) / 60, 0),
            "heures",
        ),
        (
            "M4.12",
            "Couverture du public cible (estimation)",
            taux(beneficiaires, Cellule(valeur=cible)),
            "pourcentage",
        ),
        ("M2.1", "Fonds accordés", brute(m.montant_accorde / 100), "euros"),
        (
            "M2.4",
            "Pass numérique : taux d'utilisation",
            taux(scannes, Cellule(valeur=float(m.pass_emis))),
            "pourcentage",
        ),
    ]


def chiffres_cles(actuel: Mesures, precedent: Mesures, seuil: int) -> list[ChiffreCle]:
    return [
        ChiffreCle(indicateur=i, libelle=libelle, valeur=v, precedente=p[2], unite=unite)
        for (i, libelle, v, unite), p in zip(
            _valeurs_cles(actuel, seuil), _valeurs_cles(precedent, seuil), strict=True
        )
    ]


def _detail(m: Mesures, k: int) -> list[tuple[str, str, Cellule]]:
    beneficiaires = personnes(m.beneficiaires_uniques, k)
    suivis = personnes(m.suivis, k)
    residences = personnes(m.residences_connues, k)
    avec_deux = personnes(m.diagnostics_deux, k)
    population = Cellule(valeur=float(m.population))
    orientations = sum(m.orientations.values())
    abouties = m.orientations.get("aboutie", 0)
    acceptees = (
        abouties + m.orientations.get("acceptee", 0) + m.orientations.get("prise_en_charge", 0)
    )
    cout = m.fonds_fleches_accompagnement + m.pass_montant_consomme
    return [
        (
            "M1.2",
            "Lieux vérifiés depuis moins de 12 mois (%)",
            taux(brute(m.lieux_frais), brute(m.lieux)),
        ),
        (
            "M1.6",
            "Population vivant dans une commune dotée d'un lieu (%)",
            taux(brute(m.population_couverte), population),
        ),
        (
            "M1.7",
            "Lieux pour 10 000 habitants, communes fragiles (IFN ≥ 7)",
            taux(brute(m.lieux_fragiles), brute(m.population_fragile), 10_000),
        ),
        ("M1.5", "Sessions de formation d'aidants tenues", brute(m.sessions_formation)),
        ("M3.1", "Aidants formés", personnes(m.aidants_formes, k)),
        ("M3.2", "Heures de formation d'aidants", arrondi(m.heures_formation)),
        (
            "M2.2",
            "Taux de succès des dossiers de financement (%)",
            taux(brute(m.dossiers_accordes), brute(m.dossiers_accordes + m.dossiers_refuses)),
        ),
        (
            "M2.3",
            "Effet levier (fonds levés pour le territoire / fonctionnement du hub)",
            taux(
                brute((m.montant_accorde - m.fonds_fonctionnement_hub) / 100),
                brute(m.fonds_fonctionnement_hub / 100),
                1,
            ),
        ),
        (
            "M2.4",
            "Pass numérique : carnets injectés / émis (%)",
            taux(brute(m.carnets_injectes), brute(m.carnets_emis)),
        ),
        (
            "M4.2",
            "Activités (séances individuelles et ateliers)",
            personnes(m.somme("total", "total", 0), k),
        ),
        ("M4.3", "dont personnes suivies (distinctes)", suivis),
        ("M4.3", "dont nouvelles personnes suivies", personnes(m.nouveaux_suivis, k)),
        ("M4.3", "dont accompagnements anonymes", personnes(m.anonymes, k)),
        (
            "M4.4",
            "Heures de médiation (temps des médiateurs)",
            arrondi(m.somme("total", "total", 2) / 60, 0),
        ),
        (
            "M4.5",
            "Intensité : heures-personnes par bénéficiaire unique",
            taux(arrondi(m.somme("total", "total", 3) / 60), beneficiaires, 1),
        ),
        (
            "M4.5",
            "Heures par personne suivie, médiane",
            arrondi(
                None if m.mediane_minutes is None or suivis.masquee else m.mediane_minutes / 60
            ),
        ),
        (
            "M4.5",
            "Personnes suivies en parcours long (≥ 10 h, %)",
            taux(personnes(m.parcours_longs, k), suivis),
        ),
        (
            "M4.9",
            "Progression : personnes dont le niveau a augmenté (%)",
            taux(personnes(m.progresses, k), avec_deux),
        ),
        (
            "M4.9",
            "Progression : écart moyen de niveau",
            arrondi(None if avec_deux.masquee else m.delta_moyen, 2),
        ),
        (
            "M4.10",
            "Orientations acceptées (%)",
            taux(personnes(acceptees, k), personnes(orientations, k)),
        ),
        (
            "M4.10",
            "Orientations abouties (%)",
            taux(personnes(abouties, k), personnes(orientations, k)),
        ),
        (
            "M4.13",
            "Indice de ciblage des communes fragiles",
            taux(
                taux(personnes(m.residences_fragiles, k), residences, 1),
                taux(brute(m.population_fragile), population, 1),
                1,
            ),
        ),
        (
            "M4.14",
            "Coût par bénéficiaire unique (euros)",
            taux(brute(cout / 100), beneficiaires, 1),
        ),
    ]


def indicateurs_detail(
    actuel: Mesures, precedent: Mesures, k: int, colonnes: list[str]
) -> list[Tableau]:
    """The rates and means, one small table per indicator (units differ from row to row:
    `unite` « indicateurs » tells renderers to draw no bar chart)."""
    par_indicateur: dict[str, list[Ligne]] = {}
    for rang, ((i, libelle, a), (_, _, p)) in enumerate(
        zip(_detail(actuel, k), _detail(precedent, k), strict=True)
    ):
        par_indicateur.setdefault(i, []).append(
            Ligne(modalite=f"{i}.{rang}", libelle=libelle, cellules=[a, p])
        )
    return [
        Tableau(
            id=f"{i}.detail",
            indicateur=i,
            titre=lignes[0].libelle if len(lignes) == 1 else f"Indicateur {i}",
            colonnes=colonnes,
            lignes=lignes,
            unite="indicateurs",
        )
        for i, lignes in par_indicateur.items()
    ]
