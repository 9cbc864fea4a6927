"""The raw figures of one territory over one period, before any protection: what
mednum/rapports/calcul.py reads from the read models and composition.py turns into a report."""

from __future__ import annotations

import msgspec


class Mesures(msgspec.Struct, frozen=True, kw_only=True):
    # M1 — recenser, articuler
    lieux: int = 0
    lieux_frais: int = 0
    population: int = 0
    population_couverte: int = 0
    population_fragile: int = 0
    lieux_fragiles: int = 0
    communes_ifn: int = 0
    aidants: dict[str, int] = msgspec.field(default_factory=dict)
    """By aidant type; 'habilites_ac' counts valid Aidants Connect habilitations."""
    sessions_formation: int = 0
    participants_formation: int = 0
    aidants_formes: int = 0
    heures_formation: float = 0.0
    # M2 — fonds (centimes)
    fonds_par_source: dict[str, int] = msgspec.field(default_factory=dict)
    dossiers_deposes: int = 0
    dossiers_accordes: int = 0
    dossiers_refuses: int = 0
    montant_demande: int = 0
    montant_accorde: int = 0
    fonds_fonctionnement_hub: int = 0
    fonds_fleches_accompagnement: int = 0
    pass_emis: int = 0
    pass_en_validite: int = 0
    """Pass of the orders valid on at least one day of the period (M2.4's denominator)."""
    carnets_en_validite: int = 0
    pass_scannes: int = 0
    carnets_emis: int = 0
    carnets_injectes: int = 0
    carnets_entames: int = 0
    pass_montant_consomme: int = 0
    pass_beneficiaires: int = 0
    # M4 — accompagner (from the cubes: (dimension, modalite) → [activites, accompagnements,
    # minutes, minutes_personnes])
    cube: dict[str, dict[str, list[int]]] = msgspec.field(default_factory=dict)
    suivis: int = 0
    nouveaux_suivis: int = 0
    mediane_minutes: float | None = None
    p90_minutes: float | None = None
    parcours_longs: int = 0
    profils_suivis: dict[str, dict[str, int]] = msgspec.field(default_factory=dict)
    residences_fragiles: int = 0
    residences_connues: int = 0
    niveaux_entree: dict[str, int] = msgspec.field(default_factory=dict)
    diagnostics_deux: int = 0
    progresses: int = 0
    delta_moyen: float | None = None
    orientations: dict[str, int] = msgspec.field(default_factory=dict)
    par_sous_territoire: dict[str, int] = msgspec.field(default_factory=dict)
    """Accompaniments by sub-territory code (départements of a région…)."""
    beneficiaires_douze_mois: int = 0
    """Unique beneficiaries over the 12 months to the period's end (M4.12's numerator)."""
    par_mois: dict[str, list[int]] = msgspec.field(default_factory=dict)
    """Month rank in the period ('0', '1'…) → [accompaniments, unique beneficiaries]."""
    par_lieu: dict[str, list[int]] = msgspec.field(default_factory=dict)
    """Place id → [activities, accompaniments, unique beneficiaries, individual sessions,
    workshops], for the places of the territory with activity in the period."""
    par_structure: dict[str, list[int]] = msgspec.field(default_factory=dict)
    """Structure id → the same figures, over the structure's places in the territory."""

    def somme(self, dimension: str, modalite: str, rang: int = 1) -> int:
        """rang: 0 activités, 1 accompagnements, 2 minutes, 3 minutes-personnes."""
        return self.cube.get(dimension, {}).get(modalite, [0, 0, 0, 0])[rang]

    @property
    def anonymes(self) -> int:
        return self.somme("anonymes", "total")

    @property
    def beneficiaires_uniques(self) -> int:
        """Distinct followed people + anonymous people counted once per activity."""
        return self.suivis + self.anonymes
