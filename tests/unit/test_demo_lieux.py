"""The demo registry looks like the national one: most places can be called, and every value
a citizen can filter the map on, or the questionnaire relies on, exists somewhere."""

from __future__ import annotations

from collections import Counter

from domain.lieux.standard import (
    FRAIS,
    ITINERANCE,
    MODALITES_ACCOMPAGNEMENT,
    PRISES_EN_CHARGE,
    PUBLICS,
)
from mednum.demo.lieux import demo_commands
from mednum.infra.communes import referentiel_communes

FILTRES = {
    "frais_a_charge": FRAIS,
    "publics_specifiquement_adresses": PUBLICS,
    "prise_en_charge_specifique": PRISES_EN_CHARGE,
    "modalites_accompagnement": MODALITES_ACCOMPAGNEMENT,
    "itinerance": ITINERANCE,
}


def test_the_demo_places_are_detailed_like_the_national_data() -> None:
    # given the 300 demo places
    lieux = list(demo_commands(referentiel_communes(), 300))
    # then most have a phone and hours, and almost none has neither
    assert sum(1 for x in lieux if x.telephone) >= 0.8 * len(lieux)
    assert sum(1 for x in lieux if x.horaires) >= 0.85 * len(lieux)
    assert sum(1 for x in lieux if not x.telephone and not x.horaires) <= 0.05 * len(lieux)
    # every map filter's value has places, a few for the rarest
    for champ, valeurs in FILTRES.items():
        compte = Counter(v for x in lieux for v in getattr(x, champ))
        assert all(compte[v] >= 3 for v in valeurs), (champ, compte)
    assert sum(1 for x in lieux if "Gratuit" in x.frais_a_charge) >= 0.25 * len(lieux)
    assert sum(1 for x in lieux if "Surdité" in x.prise_en_charge_specifique) <= 0.1 * len(lieux)
    # every France Services carries its label and does démarches
    france_services = [x for x in lieux if x.nom.startswith("France Services")]
    assert len(france_services) >= 10
    for x in france_services:
        assert "France Services" in x.dispositif_programmes_nationaux
        assert "Aide aux démarches administratives" in x.services


def test_the_demo_is_deterministic_and_details_do_not_move_places() -> None:
    communes = referentiel_communes()
    premiere = list(demo_commands(communes, 60))
    assert premiere == list(demo_commands(communes, 60))
    # the first places' names and positions, as they were before details existed
    assert (premiere[0].nom, premiere[0].latitude) == ("Centre social du Champ-de-Foire", 47.149416)
    assert (premiere[5].nom, premiere[5].latitude) == ("Centre social Saint-Jean", 47.459326)
