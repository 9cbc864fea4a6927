"""Anti-spam for the public report form, without third parties (no captcha service).

Three rules: a honeypot field that people never see (bots fill every field); a minimum time
between showing the form and sending it, proven by a timestamp signed with the app's secret
(bots post at once, and cannot forge an older stamp); and at most a few reports per hour from
one address (counted in PostgreSQL by the caller, who passes the count here).
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime

from domain.errors import DomainError

DELAI_MIN_S = 3
DELAI_MAX_S = 6 * 3600
ENVOIS_PAR_HEURE = 5
CHAMP_PIEGE = "site_internet"
"""The honeypot's name: plausible to a bot, hidden from people (and from screen readers)."""


def _signature(secret: str, instant: int) -> str:
    return hmac.new(secret.encode(), f"signalement:{instant}".encode(), hashlib.sha256).hexdigest()[
        :32
    ]


def jeton_de_temps(secret: str, maintenant: datetime) -> str:
    instant = int(maintenant.timestamp())
    return f"{instant}.{_signature(secret, instant)}"


def verifier_envoi(
    *, secret: str, jeton: str, piege: str, maintenant: datetime, envois_recents: int
) -> None:
    """Raise a DomainError (French, naming the field) when the post looks automated."""
    if piege.strip():
        raise DomainError(
            "Envoi refusé : un champ caché a été rempli, ce que font les robots. Si vous "
            "êtes une personne, rechargez la page et recommencez sans remplir ce champ.",
            CHAMP_PIEGE,
        )
    instant_txt, _, signature = jeton.partition(".")
    try:
        instant = int(instant_txt)
    except ValueError:
        instant = -1
    if instant < 0 or not hmac.compare_digest(signature, _signature(secret, instant)):
        raise DomainError("Formulaire illisible : rechargez la page puis recommencez.", "jeton")
    age = maintenant.timestamp() - instant
    if age < DELAI_MIN_S:
        raise DomainError(
            "Envoi trop rapide : prenez quelques secondes pour relire votre message, puis "
            "envoyez-le à nouveau.",
            "jeton",
        )
    if age > DELAI_MAX_S:
        raise DomainError("Le formulaire a expiré : rechargez la page puis recommencez.", "jeton")
    if envois_recents >= ENVOIS_PAR_HEURE:
        raise DomainError(
            f"Vous avez déjà envoyé {ENVOIS_PAR_HEURE} signalements dans l'heure : merci ! "
            "Réessayez plus tard.",
            "formulaire",
        )
