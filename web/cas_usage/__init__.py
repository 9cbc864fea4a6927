"""Every command MedNum exposes, one table per context: who may run it, at which addresses
(JSON under /api/v1, and the HTML form), and which service method runs it. web/exposition.py
makes the routes from these declarations."""

from __future__ import annotations

from web.cas_usage.acteurs import ACTEURS
from web.cas_usage.activites import ACTIVITES
from web.cas_usage.beneficiaires import BENEFICIAIRES
from web.cas_usage.diagnostics import DIAGNOSTICS
from web.cas_usage.financements import FINANCEMENTS
from web.cas_usage.formations import FORMATIONS
from web.cas_usage.lieux import LIEUX
from web.cas_usage.orientations import ORIENTATIONS
from web.cas_usage.pass_numerique import PASS_NUMERIQUE
from web.exposition import CasUsage

TOUS: list[CasUsage] = [
    *LIEUX,
    *ACTEURS,
    *FORMATIONS,
    *BENEFICIAIRES,
    *ACTIVITES,
    *DIAGNOSTICS,
    *ORIENTATIONS,
    *FINANCEMENTS,
    *PASS_NUMERIQUE,
]
