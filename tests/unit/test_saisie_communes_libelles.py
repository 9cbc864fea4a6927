"""What a mediator types, read as they mean it: communes by name or postcode (checked against
a brute-force oracle over the whole reference), every error named by its French label, and
the activity rules reporting every field at once."""

from __future__ import annotations

import datetime as dt
import unicodedata
import uuid

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.activites.commands import EnregistrerActivite
from domain.activites.decide import compte_rendu_brut
from domain.activites.regles import PARIS, Verifications, valider
from domain.base import Contexte
from domain.errors import ErreursMultiples
from mednum.infra.communes import Commune, normaliser, referentiel_communes
from web.cas_usage import TOUS
from web.formulaires import champ_visible, commune_lue, libelle_erreur

COMMUNES = referentiel_communes()
TOUTES = sorted(COMMUNES, key=lambda c: c.code_insee)
REGION = "27"
# Each name normalised once, not twice per example: the scan stays brute force (47 s → 2 s).
NOMS_NORMALISES = [(c, normaliser(c.nom)) for c in TOUTES]


def _oracle_par_nom(saisie: str) -> Commune | None:
    """Slow and plain: every commune of that exact name; one, or the only one in the region.
    A name found only elsewhere while the region has communes starting with it (« Chalon »,
    Chalon-sur-Saône) is asked about."""
    nom = normaliser(saisie)
    meme_nom = [c for c, normalise in NOMS_NORMALISES if normalise == nom]
    plus_longs_ici = [
        c
        for c, normalise in NOMS_NORMALISES
        if c.region == REGION and normalise.startswith(nom + " ")
    ]
    if all(c.region != REGION for c in meme_nom) and plus_longs_ici:
        return None
    if len(meme_nom) == 1:
        return meme_nom[0]
    chez_nous = [c for c in meme_nom if c.region == REGION]
    return chez_nous[0] if len(chez_nous) == 1 else None


def _sans_accents_en_majuscules(texte: str) -> str:
    decompose = unicodedata.normalize("NFKD", texte)
    return "".join(c for c in decompose if not unicodedata.combining(c)).upper()


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(TOUTES))
def test_a_commune_shown_by_the_form_reads_back_as_itself(commune: Commune) -> None:
    trouvee, _candidats = COMMUNES.resoudre(COMMUNES.libelle(commune.code_insee), "region:27")
    assert trouvee == commune


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(TOUTES), st.booleans())
def test_a_name_typed_any_case_with_or_without_accents_is_that_commune_when_unambiguous(
    commune: Commune, degrade: bool
) -> None:
    saisie = _sans_accents_en_majuscules(commune.nom) if degrade else commune.nom.lower()
    trouvee, candidats = COMMUNES.resoudre(saisie, "region:27")
    assert trouvee == _oracle_par_nom(commune.nom)
    if trouvee is None:
        # ambiguous: the person is asked, the commune among the choices, the region's first
        assert commune in candidats
        regions = [c.region == REGION for c in candidats]
        assert regions == sorted(regions, reverse=True)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(TOUTES))
def test_a_postcode_is_its_commune_when_it_has_only_one(commune: Commune) -> None:
    for code_postal in commune.codes_postaux:
        oracle = {c.code_insee for c in TOUTES if code_postal in c.codes_postaux}
        oracle |= {code_postal} if COMMUNES.get(code_postal) else set()
        trouvee, candidats = COMMUNES.resoudre(code_postal, "region:27")
        assert {c.code_insee for c in candidats} == oracle
        assert (trouvee is not None) == (len(oracle) == 1)


@pytest.mark.parametrize("saisie", ["dijon", "Dijon", "DIJON", "21000", "21231", "Dijon (21000)"])
def test_dijon_is_read_however_it_is_typed(saisie: str) -> None:
    erreurs: dict[str, str] = {}
    assert commune_lue(saisie, "commune", erreurs) == "21231"
    assert erreurs == {}


def test_an_ambiguous_or_unknown_commune_is_an_error_that_lists_the_choices() -> None:
    erreurs: dict[str, str] = {}
    assert commune_lue("21110", "commune", erreurs) is None
    assert "Genlis (21110)" in erreurs["commune"]
    assert commune_lue("Atlantide", "profil.commune_residence", erreurs) is None
    assert "Aucune commune" in erreurs["profil.commune_residence"]


def test_every_field_of_every_form_has_a_french_label() -> None:
    sans_libelle = sorted(
        f"{cas.commande.__name__}.{champ.name}"
        for cas in TOUS
        if cas.formulaire is not None
        for champ in msgspec.structs.fields(cas.commande)
        if libelle_erreur(champ.name) in ("Formulaire", champ.name)
    )
    assert sans_libelle == []
    assert libelle_erreur("profil.annee_naissance") == "Bénéficiaire anonyme : année de naissance"
    assert libelle_erreur("participants.total") == "Participants anonymes : nombre de participants"
    assert libelle_erreur("motif_retard") == "Motif du retard"
    assert not champ_visible("command_id") and champ_visible("thematiques")


def test_the_activity_rules_report_every_field_at_once() -> None:
    maintenant = dt.datetime(2026, 3, 2, 10, tzinfo=PARIS)
    commande = EnregistrerActivite(
        command_id=uuid.uuid4(),
        type="individuel",
        date=dt.date(2026, 3, 3),  # tomorrow
        duree=900,
        type_lieu="domicile",
        commune=None,
        thematiques=[],
        materiel=["telephone", "aucun"],
    )
    with pytest.raises(ErreursMultiples) as refus:
        valider(
            compte_rendu_brut(commande),
            Verifications(),
            Contexte(auteur="med@example.fr", maintenant=maintenant),
        )
    champs = [e.champ for e in refus.value.erreurs]
    assert champs == ["date", "duree", "commune", "thematiques", "materiel"]
