"""The key figures of page one, and the rates and means of the detailed indicators."""

from __future__ import annotations

from domain.evaluation.cellules import arrondi, brute, facteur, personnes, taux
from domain.evaluation.comptes import Comptes
from domain.evaluation.indicateurs import PART_15_ANS_ET_PLUS, TAUX_ILLECTRONISME
from domain.evaluation.mesures import Mesures
from domain.evaluation.rapport import Cellule, ChiffreCle, Ligne, Tableau


def couverture(beneficiaires: int, population: int, k: int) -> Cellule:
    """M4.12 of one EPCI (a lone count: see comptes.py on why EPCI are not linked)."""
    return couverture_protegee(personnes(beneficiaires, k), population)


def couverture_protegee(beneficiaires: Cellule, population: int) -> Cellule:
    """M4.12, the one definition the headline, the EPCI table and the API share: unique
    beneficiaries over the 12 months to the period's end / estimated target population."""
    cible = round(population * PART_15_ANS_ET_PLUS * TAUX_ILLECTRONISME, 1)
    return taux(beneficiaires, Cellule(valeur=cible))


def cout_par_beneficiaire(m: Mesures, c: Comptes) -> Cellule:
    """M4.14: with no funds and no pass recorded the cost is unknown, not zero."""
    cout = m.fonds_fleches_accompagnement + m.pass_montant_consomme
    return taux(brute(cout / 100 if cout else None), c.cellule("beneficiaires"), facteur("euros"))


def _valeurs_cles(m: Mesures, c: Comptes) -> list[tuple[str, str, Cellule, str]]:
    beneficiaires = c.cellule("beneficiaires")
    scannes = c.cellule("pass_scannes")
    return [
        ("M1.1", "Lieux d'inclusion numérique recensés", brute(float(m.lieux)), "nombre"),
        (
            "M1.3",
            "Aidants numériques identifiés",
            # Professionals, not the people helped: no statistical secrecy.
            brute(sum(v for c, v in m.aidants.items() if c != "habilites_ac")),
            "nombre",
        ),
        ("M4.1", "Accompagnements", c.cellule("accompagnements"), "nombre"),
        ("M4.3", "Bénéficiaires uniques", beneficiaires, "nombre"),
        (
            "M4.4",
            "Heures d'accompagnement (heures-personnes)",
            arrondi(m.somme("total", "total", 3) / 60, 0),
            "heures",
        ),
        (
            "M4.12",
            "Couverture du public cible (estimation, 12 mois glissants)",
            couverture_protegee(c.cellule("beneficiaires_douze_mois"), m.population),
            "pourcentage",
        ),
        ("M2.1", "Fonds accordés", brute(m.montant_accorde / 100), "euros"),
        (
            "M2.4",
            "Pass numérique : taux d'utilisation",
            taux(scannes, brute(m.pass_en_validite)),
            "pourcentage",
        ),
    ]


def chiffres_cles(
    actuel: Mesures, precedent: Mesures, comptes: tuple[Comptes, Comptes]
) -> list[ChiffreCle]:
    return [
        ChiffreCle(indicateur=i, libelle=libelle, valeur=v, precedente=p[2], unite=unite)
        for (i, libelle, v, unite), p in zip(
            _valeurs_cles(actuel, comptes[0]), _valeurs_cles(precedent, comptes[1]), strict=True
        )
    ]


_POURCENT, _NOMBRE, _HEURES, _RATIO = "pourcentage", "nombre", "heures", "ratio"


def _detail(m: Mesures, c: Comptes) -> list[tuple[str, str, str, Cellule]]:
    """(indicator, label, the row's unit, cell): a rate's factor is its unit's (`facteur`).
    Counts of people come protected from `c`, where the numerators printed beside a rate
    (accepted orientations: three outcomes of the M4.10 table) are tied to the tables."""
    beneficiaires = c.cellule("beneficiaires")
    suivis = c.cellule("suivis")
    residences = c.cellule("residences_connues")
    avec_deux = c.cellule("diagnostics_deux")
    population = Cellule(valeur=float(m.population))
    orientations = c.cellule("orientations")
    densite = "pour 10 000 habitants"
    return [
        (
            "M1.2",
            "Lieux vérifiés depuis moins de 12 mois (%)",
            _POURCENT,
            taux(brute(m.lieux_frais), brute(m.lieux)),
        ),
        (
            "M1.6",
            "Population vivant dans une commune dotée d'un lieu (%)",
            _POURCENT,
            taux(brute(m.population_couverte), population),
        ),
        (
            "M1.7",
            "Lieux pour 10 000 habitants, communes fragiles (IFN ≥ 7)",
            densite,
            taux(brute(m.lieux_fragiles), brute(m.population_fragile), facteur(densite)),
        ),
        ("M1.5", "Sessions de formation d'aidants tenues", _NOMBRE, brute(m.sessions_formation)),
        ("M3.1", "Aidants formés", _NOMBRE, brute(m.aidants_formes)),
        ("M3.2", "Heures de formation d'aidants", _HEURES, arrondi(m.heures_formation)),
        (
            "M2.2",
            "Taux de succès des dossiers de financement (%)",
            _POURCENT,
            taux(brute(m.dossiers_accordes), brute(m.dossiers_accordes + m.dossiers_refuses)),
        ),
        (
            "M2.3",
            "Effet levier (fonds levés pour le territoire / fonctionnement du hub)",
            _RATIO,
            taux(
                brute((m.montant_accorde - m.fonds_fonctionnement_hub) / 100),
                brute(m.fonds_fonctionnement_hub / 100),
                facteur(_RATIO),
            ),
        ),
        (
            "M2.4",
            "Pass numérique : carnets injectés / carnets des commandes valides (%)",
            _POURCENT,
            taux(brute(m.carnets_injectes), brute(m.carnets_en_validite)),
        ),
        (
            "M4.2",
            "Activités (séances individuelles et ateliers)",
            _NOMBRE,
            c.cellule("activites"),
        ),
        ("M4.3", "dont personnes suivies (distinctes)", _NOMBRE, suivis),
        ("M4.3", "dont nouvelles personnes suivies", _NOMBRE, c.cellule("nouveaux_suivis")),
        ("M4.3", "dont accompagnements anonymes", _NOMBRE, c.cellule("anonymes")),
        (
            "M4.4",
            "Heures de médiation (temps des médiateurs)",
            _HEURES,
            arrondi(m.somme("total", "total", 2) / 60, 0),
        ),
        (
            "M4.5",
            "Intensité : heures-personnes par bénéficiaire unique",
            _HEURES,
            taux(arrondi(m.somme("total", "total", 3) / 60), beneficiaires, facteur(_HEURES)),
        ),
        (
            "M4.5",
            "Heures par personne suivie, médiane",
            _HEURES,
            arrondi(
                None if m.mediane_minutes is None or suivis.masquee else m.mediane_minutes / 60
            ),
        ),
        (
            "M4.5",
            "Personnes suivies en parcours long (≥ 10 h, %)",
            _POURCENT,
            taux(c.cellule("parcours_longs"), suivis),
        ),
        (
            "M4.9",
            "Progression : personnes dont le niveau a augmenté (%)",
            _POURCENT,
            taux(c.cellule("progresses"), avec_deux),
        ),
        (
            "M4.9",
            "Progression : écart moyen de niveau",
            _NOMBRE,
            arrondi(None if avec_deux.masquee else m.delta_moyen, 2),
        ),
        (
            "M4.10",
            "Orientations acceptées (%)",
            _POURCENT,
            taux(c.cellule("orientations_acceptees"), orientations),
        ),
        (
            "M4.10",
            "Orientations abouties (%)",
            _POURCENT,
            taux(c.cellule("orientations_abouties"), orientations),
        ),
        (
            "M4.13",
            "Indice de ciblage des communes fragiles",
            _RATIO,
            # The share of beneficiaries in fragile communes over the population's share,
            # both in %: the parts published beside the index are those two shares.
            taux(
                taux(c.cellule("residences_fragiles"), residences),
                taux(brute(m.population_fragile), population),
                facteur(_RATIO),
            ),
        ),
        ("M4.14", "Coût par bénéficiaire unique (euros)", "euros", cout_par_beneficiaire(m, c)),
    ]


def indicateurs_detail(
    actuel: Mesures, precedent: Mesures, comptes: tuple[Comptes, Comptes], colonnes: list[str]
) -> list[Tableau]:
    """The rates and means, one small table per indicator (units differ from row to row: each
    row says its own, and `unite` « indicateurs » tells renderers to draw no bar chart)."""
    par_indicateur: dict[str, list[Ligne]] = {}
    for rang, ((i, libelle, unite, a), (*_, p)) in enumerate(
        zip(_detail(actuel, comptes[0]), _detail(precedent, comptes[1]), strict=True)
    ):
        par_indicateur.setdefault(i, []).append(
            Ligne(modalite=f"{i}.{rang}", libelle=libelle, cellules=[a, p], unite=unite)
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
