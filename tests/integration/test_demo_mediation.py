"""The demo's two years of mediation, at a small size: rules applied, identities encrypted,
sessions only at places open on their day, referrals that went the way referrals go, a second
run adds nothing."""

from __future__ import annotations

from typing import Any

from mednum.demo.lieux import load_demo
from mednum.demo.mediation import load_demo_mediation
from mednum.services.executeur import Hub
from projections.catalogue import all_projections
from tests.integration.outils_projection import compter


def test_the_mediation_demo_is_realistic_and_idempotent(hub: Hub, database_dsn: str) -> None:
    # given the demo places
    lieu_ids, _ = load_demo(hub, 20)
    # when the mediation demo runs twice, at a small size
    taille = {"nb_personnes": 80, "nb_mediateurs": 8, "nb_jours": 120}
    sauves, mediatrice = load_demo_mediation(hub, lieu_ids, **taille)
    assert load_demo_mediation(hub, lieu_ids, **taille)[0] == 0

    requetes: dict[str, str | tuple[str, Any]] = {
        "evenements": "SELECT count(*) FROM mednum_events",
        "personnes": "SELECT count(*) FROM beneficiaires",
        "suivies": "SELECT count(nom) FROM beneficiaires",
        "activites": "SELECT count(*) FROM activites",
        "ateliers": "SELECT count(*) FROM activites WHERE type = 'collectif'",
        "de_la_mediatrice": ("SELECT count(*) FROM activites WHERE mediateur = $1", mediatrice),
        "niveaux": "SELECT count(*) FROM diagnostics WHERE niveau IS NOT NULL",
        # sessions at a place not open on their day (17:30 in Paris), as the
        # registry's history says
        "hors_ouverture": (
            "SELECT count(*) FROM activites a WHERE a.lieu_id IS NOT NULL AND NOT "
            "EXISTS (SELECT 1 FROM lieux_intervalles l WHERE l.id = a.lieu_id AND "
            "NOT l.ferme AND l.valide_de <= (a.date + time '17:30') AT TIME ZONE "
            "'Europe/Paris' AND (l.valide_jusqua IS NULL OR l.valide_jusqua > "
            "(a.date + time '17:30') AT TIME ZONE 'Europe/Paris'))"
        ),
        "orientations": "SELECT count(*) FROM orientations",
        "issues": "SELECT count(DISTINCT statut) FROM orientations",
        # what the daily job would have expired: nothing older than 30 days still under way
        "oubliees": (
            "SELECT count(*) FROM orientations WHERE statut IN ('proposee', 'acceptee', "
            "'prise_en_charge') AND propose_le < now() - interval '31 days'"
        ),
        # an orientation came through with the person's session at the place chosen
        "abouties_sans_seance": (
            "SELECT count(*) FROM orientations o WHERE statut = 'aboutie' AND NOT EXISTS "
            "(SELECT 1 FROM activites a WHERE a.id = o.activite_id AND a.lieu_id = "
            "o.lieu_choisi AND a.beneficiaire_id = o.beneficiaire_id)"
        ),
        "noms_en_clair": (
            "SELECT count(*) FROM mednum_events e JOIN beneficiaires b "
            "ON e.originator_id = b.id WHERE b.nom IS NOT NULL "
            "AND position(b.nom in convert_from(e.state, 'UTF8')) > 0"
        ),
    }

    # then there are people, sessions, workshops and levels, and no name in clear in the log
    compte = compter(database_dsn, requetes, *all_projections())
    assert compte["personnes"] == 80 and 0 < compte["suivies"] < 80
    assert compte["activites"] > 300 and compte["ateliers"] > 0
    assert compte["de_la_mediatrice"] > 0 and compte["niveaux"] > 0
    assert compte["noms_en_clair"] == 0
    # and some of the followed people were oriented, with several outcomes
    assert compte["orientations"] > 0 and compte["issues"] >= 2
    assert compte["oubliees"] == 0 and compte["abouties_sans_seance"] == 0
    # and every session took place at a place open that day
    assert compte["hors_ouverture"] == 0
    assert sauves > compte["activites"]
