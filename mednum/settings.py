"""Configuration, read once from the environment (every variable is documented in the README)."""

from __future__ import annotations

import ipaddress
import os
import secrets
from pathlib import Path

import msgspec

DEFAULT_TILES_URL = (
    "https://data.geopf.fr/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0"
    "&LAYER=GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2&STYLE=normal&TILEMATRIXSET=PM"
    "&FORMAT=image/png&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}"
)
DEFAULT_TILES_ATTRIBUTION = "© IGN – Géoplateforme"


class Settings(msgspec.Struct, frozen=True, kw_only=True):
    database_url: str | None = None
    # A streaming replica of `database_url`, for read-model queries of safe requests (GET).
    read_database_url: str | None = None
    # The connection budget of one process (README « Mise en production »).
    db_pool_size: int = 10  # the web pool on the primary (sessions, accounts, jobs, writes)
    read_pool_size: int = 10  # the pool on the replica, when there is one
    event_store_pool_size: int = 8  # psycopg connections the event store keeps open…
    event_store_max_overflow: int = 8  # …and may open beyond them under load
    # How long a read with `?apres=` waits for the replica before it reads the primary instead.
    read_replica_wait: float = 1.0
    # How long a valid API token is trusted without asking the database again (web/auth/
    # jetons.py): a revocation takes effect within this many seconds; 0 asks on every request.
    token_cache_seconds: int = 5
    data_dir: Path = Path("var")
    host: str = "127.0.0.1"
    port: int = 8000
    secret_key: str = ""
    admin_email: str | None = None
    admin_password: str | None = None
    tiles_url: str | None = DEFAULT_TILES_URL
    tiles_attribution: str = DEFAULT_TILES_ATTRIBUTION
    secure_cookies: bool = False
    projector_batch_size: int = 1000
    read_your_writes_timeout: float = 2.0
    run_projectors: bool = True
    retention_jours: int = 365  # a followed person's identity is kept this long after the
    # last activity (or the record's creation), then anonymised by a daily job
    seuil_secret: int = 11  # small-cell suppression in every figure a financeur sees
    rapports_territoire: str = "region:27"  # what the scheduler freezes monthly and quarterly
    # Reverse proxies whose X-Forwarded-For / X-Forwarded-Proto are believed (IPs or CIDRs).
    trusted_proxies: tuple[str, ...] = ()
    log_format: str = "texte"  # or "json": one object per line
    # Days without reaching the server logged in after which a browser erases what it kept
    # for offline entry (followed people's names, pending sessions): see web/hors_ligne.py.
    hors_ligne_jours: int = 7

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        env = dict(os.environ if environ is None else environ)
        data_dir = Path(env.get("MEDNUM_DATA_DIR") or "var").absolute()
        tiles = env.get("MEDNUM_TILES_URL", DEFAULT_TILES_URL)
        return cls(
            database_url=env.get("MEDNUM_DATABASE_URL") or None,
            read_database_url=env.get("MEDNUM_READ_DATABASE_URL") or None,
            db_pool_size=_entier(env, "MEDNUM_DB_POOL_SIZE", 10, minimum=2),
            read_pool_size=_entier(env, "MEDNUM_READ_POOL_SIZE", 10, minimum=1),
            event_store_pool_size=_entier(env, "MEDNUM_EVENT_STORE_POOL_SIZE", 8, minimum=1),
            event_store_max_overflow=_entier(env, "MEDNUM_EVENT_STORE_MAX_OVERFLOW", 8, minimum=0),
            token_cache_seconds=_entier(env, "MEDNUM_TOKEN_CACHE_SECONDS", 5, minimum=0),
            data_dir=data_dir,
            host=env.get("MEDNUM_HOST") or "127.0.0.1",
            port=int(env.get("MEDNUM_PORT") or 8000),
            secret_key=env.get("MEDNUM_SECRET_KEY") or _persistent_secret(data_dir),
            admin_email=env.get("MEDNUM_ADMIN_EMAIL") or None,
            admin_password=env.get("MEDNUM_ADMIN_PASSWORD") or None,
            tiles_url=tiles or None,
            tiles_attribution=env.get("MEDNUM_TILES_ATTRIBUTION", DEFAULT_TILES_ATTRIBUTION),
            secure_cookies=env.get("MEDNUM_SECURE_COOKIES", "0").lower() in {"1", "true", "yes"},
            run_projectors=env.get("MEDNUM_RUN_PROJECTORS", "1").lower() in {"1", "true", "yes"},
            retention_jours=int(env.get("MEDNUM_RETENTION_JOURS") or 365),
            seuil_secret=max(2, int(env.get("MEDNUM_SEUIL_SECRET") or 11)),
            rapports_territoire=env.get("MEDNUM_RAPPORTS_TERRITOIRE") or "region:27",
            trusted_proxies=lire_mandataires(env.get("MEDNUM_TRUSTED_PROXIES") or ""),
            log_format="json" if env.get("MEDNUM_LOG_FORMAT", "").lower() == "json" else "texte",
            hors_ligne_jours=max(1, int(env.get("MEDNUM_HORS_LIGNE_JOURS") or 7)),
        )


def _entier(env: dict[str, str], nom: str, defaut: int, *, minimum: int) -> int:
    """A count from the environment; a typo stops the start rather than being guessed."""
    texte = env.get(nom) or ""
    if not texte:
        return defaut
    try:
        valeur = int(texte)
    except ValueError:
        raise ValueError(f"{nom} : « {texte} » n'est pas un nombre entier.") from None
    if valeur < minimum:
        raise ValueError(f"{nom} : {valeur} est trop petit (au moins {minimum}).")
    return valeur


def lire_mandataires(texte: str) -> tuple[str, ...]:
    """`MEDNUM_TRUSTED_PROXIES`: addresses or networks, comma-separated; a typo stops the
    start rather than trusting the wrong hosts."""
    mandataires = tuple(m.strip() for m in texte.split(",") if m.strip())
    for m in mandataires:
        try:
            ipaddress.ip_network(m, strict=False)
        except ValueError:
            raise ValueError(
                f"MEDNUM_TRUSTED_PROXIES : « {m} » n'est ni une adresse IP ni un réseau CIDR."
            ) from None
    return mandataires


def _persistent_secret(data_dir: Path) -> str:
    """A random key kept in the data dir, so sessions survive restarts without any set-up."""
    path = data_dir / "secret_key"
    if path.exists():
        return path.read_text().strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process started at the same moment and won
        return path.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key
