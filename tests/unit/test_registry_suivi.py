"""Upkeep of the registry, given/when/then on pure functions: verification, merge and
un-merge, history and provenance, duplicate scores."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

import msgspec
import pytest

from domain.base import Contexte, Evenement
from domain.errors import ConflitDeVersion, DomainError
from domain.lieux.commands import (
    AnnulerFusion,
    EcarterDoublon,
    FusionnerLieux,
    ModifierLieu,
    RecenserLieu,
    VerifierLieu,
)
from domain.lieux.decide import modifier_lieu, recenser_lieu
from domain.lieux.doublons import Candidat, candidats_doublons, normaliser, paire, score
from domain.lieux.events import LieuVerifie
from domain.lieux.fusion import annuler_fusion, ecarter_doublon, fusionner_lieux, verifier_lieu
from domain.lieux.historique import doublons_absorbes, historique, libelle_source, provenance
from domain.lieux.referentiel import CommuneRef
from domain.lieux.state import Lieu, fold
from tests.lieux_outils import CHAMPOLLION

DIJON = CommuneRef(code_insee="21231", nom="Dijon", codes_postaux=("21000",), departement="21")
GARDE_ID = UUID("00000000-0000-4000-8000-00000000000a")
DOUBLON_ID = UUID("00000000-0000-4000-8000-00000000000b")
T0 = datetime(2026, 1, 5, 10, tzinfo=UTC)


def ctx(auteur: str = "coord@example.fr", jours: int = 0) -> Contexte:
    return Contexte(auteur=auteur, maintenant=T0 + timedelta(days=jours))


def recense(lieu_id: UUID, auteur: str = "import:dora", **champs: object) -> list[object]:
    fields: dict[str, object] = CHAMPOLLION | {
        "command_id": str(uuid4()),
        "services": ["Aide aux démarches administratives"],
    }
    commande = msgspec.convert(fields | champs, RecenserLieu)
    return list(recenser_lieu(lieu_id, commande, DIJON, ctx(auteur)))


def etat(events: list[object]) -> Lieu:
    lieu = fold(events)  # type: ignore[arg-type]
    assert lieu is not None
    return lieu


def fusion(garde: list[object], doublon: list[object]) -> tuple[list[object], list[object]]:
    """Both histories after a merge of `doublon` into `garde`."""
    g, d = etat(garde), etat(doublon)
    commande = FusionnerLieux(
        command_id=uuid4(), doublon=d.id, version=g.version, version_doublon=d.version
    )
    sur_doublon, sur_garde = fusionner_lieux(g, d, commande, ctx(jours=2))
    return [*garde, sur_garde], [*doublon, sur_doublon]


class AutreEvenement(Evenement, frozen=True, kw_only=True):
    """An event of another kind of record."""


def test_the_id_of_another_kind_of_record_is_no_place() -> None:
    # given the history of something that is not a place
    autre = AutreEvenement(originator_id=GARDE_ID, originator_version=1, timestamp=T0, auteur="x")
    # then folding it as a place says there is none (a 404, not a crash)
    assert fold([autre]) is None


class TestVerification:
    def test_a_verification_refreshes_the_date_without_changing_fields(self) -> None:
        # given a place recorded on T0
        events = recense(GARDE_ID)
        lieu = etat(events)
        # when a coordinator confirms it 400 days later
        [verifie] = verifier_lieu(lieu, VerifierLieu(command_id=uuid4(), version=1), ctx(jours=400))
        # then it counts as verified that day, and nothing else changed
        apres = etat([*events, verifie])
        assert apres.verifie_le == T0 + timedelta(days=400)
        assert msgspec.structs.replace(apres, version=1, verifie_le=T0) == lieu

    def test_a_stale_version_is_refused(self) -> None:
        lieu = etat(recense(GARDE_ID))
        with pytest.raises(ConflitDeVersion):
            verifier_lieu(lieu, VerifierLieu(command_id=uuid4(), version=3), ctx())


class TestDateDeVerificationDeLaSource:
    def test_a_source_date_counts_as_the_verification_date(self) -> None:
        # given a file that says its data was checked on 1 March 2025
        events = recense(GARDE_ID, date_maj="2025-03-01")
        # then the place counts as verified then, not at import time
        assert etat(events).verifie_le == datetime(2025, 3, 1, tzinfo=UTC)

    def test_a_date_in_the_future_is_refused(self) -> None:
        with pytest.raises(DomainError) as refus:
            recense(GARDE_ID, date_maj="2030-01-01")
        assert refus.value.champ == "date_maj"

    def test_a_newer_date_alone_is_a_verification_and_the_same_date_changes_nothing(
        self,
    ) -> None:
        # given a place imported with the date of its source
        events = recense(GARDE_ID, date_maj="2025-03-01")
        lieu = etat(events)

        def reimport(date_maj: str) -> list[object]:
            commande = msgspec.convert(
                {"command_id": str(uuid4()), "version": 1, "nom": lieu.nom, "date_maj": date_maj},
                ModifierLieu,
            )
            return list(modifier_lieu(lieu, commande, None, ctx(jours=1)))

        # when the same file is imported again, nothing is recorded
        assert reimport("2025-03-01") == []
        # when a newer file has the same data, the place is verified on the new date
        [verifie] = reimport("2025-09-15")
        assert isinstance(verifie, LieuVerifie)
        assert etat([*events, verifie]).verifie_le == datetime(2025, 9, 15, tzinfo=UTC)


class TestFusion:
    def test_the_kept_place_gains_what_it_lacked_and_the_duplicate_disappears(self) -> None:
        # given two records of the same place, the duplicate with hours, a phone, a service
        garde = recense(GARDE_ID, telephone="03 80 48 82 30")
        doublon = recense(
            DOUBLON_ID,
            auteur="import:cartographie",
            nom="Mediatheque Champollion",
            horaires="Mo-Fr 09:00-12:00",
            telephone="03 80 00 00 00",
            services=["Accès internet et matériel informatique"],
        )
        # when the duplicate is merged into the first
        garde, doublon = fusion(garde, doublon)
        g, d = etat(garde), etat(doublon)
        # then the kept place has the hours, both services, and keeps its own phone
        assert g.horaires == "Mo-Fr 09:00-12:00"
        assert set(g.services) == {
            "Aide aux démarches administratives",
            "Accès internet et matériel informatique",
        }
        assert g.standard.telephone == "+33380488230"
        # and the duplicate points to it
        assert d.fusionne_dans == GARDE_ID

    def test_unmerge_restores_both_places_exactly(self) -> None:
        # given a merge
        garde_avant = recense(GARDE_ID, presentation_resume=None)
        doublon_avant = recense(DOUBLON_ID, horaires="Sa 10:00-12:00", courriels=["a@b.fr"])
        garde, doublon = fusion(garde_avant, doublon_avant)
        # when it is undone
        d, g = etat(doublon), etat(garde)
        sur_garde, sur_doublon = annuler_fusion(
            d, g, AnnulerFusion(command_id=uuid4(), version=d.version), ctx(jours=3)
        )
        # then each place holds exactly what it held before (only versions moved)
        restaure_g, restaure_d = etat([*garde, sur_garde]), etat([*doublon, sur_doublon])
        assert msgspec.structs.replace(restaure_g, version=1) == etat(garde_avant)
        assert msgspec.structs.replace(restaure_d, version=1) == etat(doublon_avant)

    def test_unmerge_keeps_a_change_made_after_the_merge(self) -> None:
        # given a merge that brought hours, then a coordinator changed the hours
        garde, doublon = fusion(recense(GARDE_ID), recense(DOUBLON_ID, horaires="Sa 10:00-12:00"))
        g = etat(garde)
        modif = ModifierLieu(command_id=uuid4(), version=g.version, horaires="Mo 14:00-18:00")
        garde = [*garde, *modifier_lieu(g, modif, None, ctx(jours=4))]
        # when the merge is undone
        d, g = etat(doublon), etat(garde)
        [sur_garde, _] = annuler_fusion(
            d, g, AnnulerFusion(command_id=uuid4(), version=d.version), ctx(jours=5)
        )
        # then the later hours stay
        assert etat([*garde, sur_garde]).horaires == "Mo 14:00-18:00"

    def test_a_merged_place_can_no_longer_be_changed_or_merged(self) -> None:
        _, doublon = fusion(recense(GARDE_ID), recense(DOUBLON_ID))
        d = etat(doublon)
        with pytest.raises(DomainError, match="fusionné"):
            modifier_lieu(
                d, ModifierLieu(command_id=uuid4(), version=d.version, nom="X"), None, ctx()
            )
        autre = etat(recense(uuid4()))
        with pytest.raises(DomainError) as refus:
            fusionner_lieux(
                autre,
                d,
                FusionnerLieux(
                    command_id=uuid4(), doublon=d.id, version=1, version_doublon=d.version
                ),
                ctx(),
            )
        assert refus.value.champ == "doublon"

    def test_a_place_cannot_absorb_itself(self) -> None:
        lieu = etat(recense(GARDE_ID))
        commande = FusionnerLieux(
            command_id=uuid4(), doublon=GARDE_ID, version=1, version_doublon=1
        )
        with pytest.raises(DomainError, match="lui-même"):
            fusionner_lieux(lieu, lieu, commande, ctx())

    def test_unmerging_a_place_that_is_not_merged_is_refused(self) -> None:
        lieu = etat(recense(GARDE_ID))
        with pytest.raises(DomainError, match="pas fusionné"):
            annuler_fusion(lieu, None, AnnulerFusion(command_id=uuid4(), version=1), ctx())

    def test_a_dismissed_pair_is_recorded_once(self) -> None:
        lieu = etat(recense(GARDE_ID))
        commande = EcarterDoublon(command_id=uuid4(), autre=DOUBLON_ID)
        [ecarte] = ecarter_doublon(lieu, DOUBLON_ID, commande, ctx())
        assert (
            ecarter_doublon(etat([*recense(GARDE_ID), ecarte]), DOUBLON_ID, commande, ctx()) == []
        )


class TestHistorique:
    def test_an_import_then_a_coordinator_change_show_both_sources(self) -> None:
        # given a place imported from DORA, then its hours changed by a coordinator
        events = recense(GARDE_ID, auteur="import:dora")
        lieu = etat(events)
        modif = ModifierLieu(command_id=uuid4(), version=1, horaires="Tu 09:00-12:00")
        events += modifier_lieu(lieu, modif, None, ctx("coord@example.fr", jours=10))
        # when its history is read
        changements = historique(events)  # type: ignore[arg-type]
        # then both changes are there, with who and what
        assert [(c.nature, c.auteur) for c in changements] == [
            ("Recensement", "import:dora"),
            ("Modification", "coord@example.fr"),
        ]
        assert [ch.champ for ch in changements[1].champs] == ["horaires"]
        assert changements[1].champs[0].avant is None
        # and each field's provenance names its last source
        traces = provenance(changements)
        assert traces["horaires"].auteur == "coord@example.fr"
        assert traces["nom"].auteur == "import:dora"
        assert traces["nom"].quand == T0

    def test_the_public_sees_sources_not_emails(self) -> None:
        assert libelle_source("import:dora") == "import « dora »"
        assert "@" not in libelle_source("coord@example.fr")


def candidat(nom: str, adresse: str, lat: float, lon: float, **autres: object) -> Candidat:
    return msgspec.convert(
        {
            "id": str(uuid4()),
            "nom": nom,
            "adresse": adresse,
            "code_insee": "21231",
            "latitude": lat,
            "longitude": lon,
        }
        | autres,
        Candidat,
    )


class TestDoublons:
    def test_names_are_compared_without_accents_case_or_filler_words(self) -> None:
        assert normaliser("Médiathèque de l’Île") == normaliser("MEDIATHEQUE L'ILE")

    def test_the_same_place_from_two_sources_scores_high(self) -> None:
        a = candidat("Médiathèque Champollion", "14 rue Champollion", 47.3325, 5.0512)
        b = candidat("Mediatheque Champollion", "14, rue Champollion", 47.3327, 5.0514)
        s = score(a, b)
        assert s.total > 0.9 and s.distance_m < 50

    def test_different_places_of_a_commune_score_low(self) -> None:
        a = candidat("Médiathèque Champollion", "14 rue Champollion", 47.3325, 5.0512)
        b = candidat("CCAS de Dijon", "11 rue de l'Hôpital", 47.3150, 5.0300)
        assert score(a, b).total < 0.4

    def test_candidates_are_from_the_same_commune_and_not_dismissed(self) -> None:
        # given a duplicate pair in Dijon, and the same name in another commune
        a = candidat("Espace numérique", "2 place Darcy", 47.3226, 5.0335)
        b = candidat("Espace Numérique", "2 pl. Darcy", 47.3227, 5.0336)
        ailleurs = candidat(
            "Espace numérique", "2 place Darcy", 47.3226, 5.0335, code_insee="21054"
        )
        # when candidates are listed
        [trouvee] = candidats_doublons([a, b, ailleurs])
        # then only the Dijon pair is proposed, until it is dismissed
        assert {trouvee.a, trouvee.b} == {a.id, b.id}
        assert candidats_doublons([a, b, ailleurs], {paire(a.id, b.id)}) == []


def test_completeness_counts_filled_fields_and_names_the_missing_ones() -> None:
    from domain.lieux.completude import CHAMPS_COMPLETUDE, completude

    # given a record with a phone, blank hours and an empty list of fees
    fiche = completude({"telephone": "+33380123456", "horaires": "  ", "frais_a_charge": []})
    # then only the phone counts, and the rest are named by their labels
    assert (fiche.remplis, fiche.total) == (1, len(CHAMPS_COMPLETUDE))
    assert "Horaires" in fiche.manquants and "Frais à charge" in fiche.manquants
    assert "Téléphone" not in fiche.manquants
    assert fiche.pourcentage == round(100 / len(CHAMPS_COMPLETUDE))


def test_a_value_a_merge_copied_keeps_the_provenance_of_the_duplicates_source() -> None:
    # given a place from DORA without a phone, and its duplicate from Hubik with one
    garde = recense(GARDE_ID)
    doublon = recense(DOUBLON_ID, "import:hubik", telephone="03 80 48 82 30")
    # when a coordinator merges them
    garde, doublon = fusion(garde, doublon)
    changements = historique(garde)  # type: ignore[arg-type]
    traces = provenance(changements, {str(DOUBLON_ID): historique(doublon)})  # type: ignore[arg-type]
    # then the phone is credited to Hubik, when Hubik gave it; the name still to DORA
    assert doublons_absorbes(changements) == [DOUBLON_ID]
    assert traces["telephone"].auteur == "import:hubik"
    assert traces["telephone"].quand == T0
    assert traces["nom"].auteur == "import:dora"
    # and without the duplicate's history, the merge itself is the provenance
    assert provenance(changements)["telephone"].auteur == "coord@example.fr"
