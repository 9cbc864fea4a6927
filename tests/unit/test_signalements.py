"""Citizens' reports: what a valid report is, answering once, and the anti-spam rules."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from domain.base import Contexte
from domain.errors import ConflitDeVersion, DomainError, IntrouvableError
from domain.signalements.antispam import ENVOIS_PAR_HEURE, jeton_de_temps, verifier_envoi
from domain.signalements.commands import SignalerErreur, TraiterSignalement
from domain.signalements.decide import fold, signaler, traiter
from domain.signalements.events import SignalementRecu, SignalementTraite

MAINTENANT = datetime(2025, 6, 10, 10, 0, tzinfo=UTC)
CTX = Contexte(auteur="public", maintenant=MAINTENANT)
SECRET = "secret-de-test"


def _commande(**valeurs: object) -> SignalerErreur:
    base: dict[str, object] = {
        "command_id": uuid.uuid4(),
        "lieu_id": uuid.uuid4(),
        "champ": "horaires",
        "message": "  Fermé le mercredi désormais.  ",
    }
    return SignalerErreur(**(base | valeurs))  # type: ignore[arg-type]


def test_a_report_on_an_existing_place_is_received_trimmed() -> None:
    # given a report with spaces around the message
    # when it is decided
    [event] = signaler(uuid.uuid4(), _commande(), True, CTX)
    # then it is received, message trimmed, no e-mail
    assert isinstance(event, SignalementRecu)
    assert event.message == "Fermé le mercredi désormais."
    assert event.courriel is None


@pytest.mark.parametrize(
    ("valeurs", "champ"),
    [
        ({"champ": "couleur"}, "champ"),
        ({"message": "   "}, "message"),
        ({"courriel": "pas-une-adresse"}, "courriel"),
    ],
)
def test_invalid_reports_are_refused_naming_the_field(valeurs: dict[str, str], champ: str) -> None:
    with pytest.raises(DomainError) as refus:
        signaler(uuid.uuid4(), _commande(**valeurs), True, CTX)
    assert refus.value.champ == champ


def test_a_report_on_an_unknown_place_is_refused() -> None:
    with pytest.raises(IntrouvableError):
        signaler(uuid.uuid4(), _commande(), False, CTX)


def test_a_report_is_answered_once_at_its_version() -> None:
    # given a received report
    events = signaler(uuid.uuid4(), _commande(), True, CTX)
    etat = fold(events)
    commande = TraiterSignalement(command_id=uuid.uuid4(), version=1, issue="traite")
    # when it is handled
    [traite] = traiter(etat, commande, CTX)
    assert isinstance(traite, SignalementTraite) and traite.originator_version == 2
    # then answering again is refused, and so is a stale version
    etat2 = fold([*events, traite])
    assert etat2 is not None and etat2.statut == "traite"
    with pytest.raises(DomainError):
        traiter(etat2, TraiterSignalement(command_id=uuid.uuid4(), version=2, issue="rejete"), CTX)
    with pytest.raises(ConflitDeVersion):
        traiter(etat2, commande, CTX)


def test_fold_of_another_kind_of_record_is_none() -> None:
    assert fold([]) is None
    [recu] = signaler(uuid.uuid4(), _commande(), True, CTX)
    traite = SignalementTraite(
        originator_id=recu.originator_id,
        originator_version=2,
        timestamp=MAINTENANT,
        auteur="x",
        issue="traite",
    )
    assert fold([traite]) is None


def _verifier(**valeurs: object) -> None:
    base: dict[str, object] = {
        "secret": SECRET,
        "jeton": jeton_de_temps(SECRET, MAINTENANT - timedelta(seconds=30)),
        "piege": "",
        "maintenant": MAINTENANT,
        "envois_recents": 0,
    }
    verifier_envoi(**(base | valeurs))  # type: ignore[arg-type]


def test_a_person_who_took_their_time_passes() -> None:
    _verifier()


def test_honeypot_filled_is_refused_in_french() -> None:
    with pytest.raises(DomainError, match="champ caché"):
        _verifier(piege="http://spam.example")


def test_too_fast_is_refused() -> None:
    with pytest.raises(DomainError, match="trop rapide"):
        _verifier(jeton=jeton_de_temps(SECRET, MAINTENANT - timedelta(seconds=1)))


def test_forged_or_old_stamps_are_refused() -> None:
    ancien = int((MAINTENANT - timedelta(hours=1)).timestamp())
    with pytest.raises(DomainError, match="illisible"):
        _verifier(jeton=f"{ancien}.0000")
    with pytest.raises(DomainError, match="illisible"):
        _verifier(jeton=jeton_de_temps("autre-secret", MAINTENANT - timedelta(minutes=5)))
    with pytest.raises(DomainError, match="expiré"):
        _verifier(jeton=jeton_de_temps(SECRET, MAINTENANT - timedelta(days=1)))


def test_rate_limit_per_address() -> None:
    _verifier(envois_recents=ENVOIS_PAR_HEURE - 1)
    with pytest.raises(DomainError, match="dans l'heure"):
        _verifier(envois_recents=ENVOIS_PAR_HEURE)
