"""Every read model of the hub; a new one is added here and catches up by itself."""

from __future__ import annotations

from projections.acteurs import ActeursProjection
from projections.activites import ActivitesProjection
from projections.aidants_intervalles import AidantsIntervallesProjection
from projections.base import Projection
from projections.beneficiaires import BeneficiairesProjection
from projections.diagnostics import DiagnosticsProjection
from projections.doublons import DoublonsEcartesProjection, DoublonsProjection
from projections.evaluation import EvaluationProjection
from projections.financements import FinancementsProjection
from projections.formations import FormationsProjection
from projections.lieux import LieuxProjection
from projections.lieux_intervalles import LieuxIntervallesProjection
from projections.orientations import OrientationsProjection
from projections.pass_numerique import PassNumeriqueProjection
from projections.signalements import SignalementsProjection


def all_projections() -> list[Projection]:
    return [
        LieuxProjection(),
        LieuxIntervallesProjection(),
        DoublonsEcartesProjection(),
        DoublonsProjection(),
        BeneficiairesProjection(),
        DiagnosticsProjection(),
        ActeursProjection(),
        AidantsIntervallesProjection(),
        FormationsProjection(),
        ActivitesProjection(),
        OrientationsProjection(),
        SignalementsProjection(),
        FinancementsProjection(),
        PassNumeriqueProjection(),
        EvaluationProjection(),
    ]
