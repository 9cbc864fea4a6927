"""User accounts, roles, argon2id passwords, API tokens and login throttling."""

from __future__ import annotations

import asyncio
import enum
import hashlib
import re
import secrets
from uuid import UUID, uuid4

import asyncpg
import msgspec
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from domain.errors import DomainError

_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MAX_FAILURES_PER_EMAIL = 5
MAX_FAILURES_PER_CLIENT = 20
THROTTLE_WINDOW = "15 minutes"


class Role(enum.StrEnum):
    ADMIN = "admin"
    COORDINATEUR = "coordinateur"
    MEDIATEUR = "mediateur"
    FINANCEUR = "financeur"


NIVEAUX_PERIMETRE = ("region", "departement", "epci", "commune")


class User(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    email: str
    role: Role
    active: bool = True
    perimetre: tuple[str, str] | None = None
    """(niveau, code) of the territory a financeur reads reports on; None for the others."""


class TropDeTentatives(DomainError):
    def __init__(self) -> None:
        super().__init__(
            "Trop de tentatives de connexion : patientez 15 minutes avant de réessayer.",
            "email",
        )


def generate_password() -> str:
    return secrets.token_urlsafe(15)


def hash_token(token: str) -> bytes:
    # Tokens are random 256-bit strings, so a fast hash is enough (no dictionary to fear).
    return hashlib.sha256(token.encode()).digest()


def _row_to_user(row: asyncpg.Record) -> User:
    niveau, code = row.get("perimetre_niveau"), row.get("perimetre_code")
    return User(
        id=row["id"],
        email=row["email"],
        role=Role(row["role"]),
        active=row["active"],
        perimetre=(niveau, code) if niveau and code else None,
    )


def lire_perimetre(texte: str) -> tuple[str, str]:
    """`region:27`, `departement:21`, `epci:200070654` or `commune:21231`."""
    niveau, _, code = texte.strip().partition(":")
    niveau, code = niveau.strip().lower(), code.strip()
    if niveau not in NIVEAUX_PERIMETRE or not code:
        raise DomainError(
            f"Périmètre « {texte} » non reconnu : écrivez niveau:code, le niveau étant "
            + ", ".join(NIVEAUX_PERIMETRE)
            + " (par exemple region:27 ou departement:21).",
            "perimetre",
        )
    return niveau, code


async def _verifier_perimetre(
    conn: asyncpg.Connection | asyncpg.Pool, perimetre: tuple[str, str]
) -> tuple[str, str]:
    niveau, code = lire_perimetre(":".join(perimetre))
    if niveau == "commune":
        existe = await conn.fetchval("SELECT true FROM communes WHERE code_insee = $1", code)
    else:
        existe = await conn.fetchval(
            "SELECT true FROM territoires WHERE niveau = $1 AND code = $2", niveau, code
        )
    if not existe:
        raise DomainError(
            f"Périmètre inconnu : aucun territoire « {niveau} » de code « {code} ». Donnez le "
            "code INSEE de la région, du département ou de la commune, ou le SIREN de l'EPCI.",
            "perimetre",
        )
    return niveau, code


async def create_user(
    conn: asyncpg.Connection | asyncpg.Pool,
    email: str,
    role: str,
    password: str,
    perimetre: tuple[str, str] | None = None,
) -> User:
    email = email.strip()
    if not _EMAIL.match(email):
        raise DomainError(f"Adresse e-mail invalide : « {email} ».", "email")
    try:
        role_enum = Role(role)
    except ValueError:
        raise DomainError(
            f"Rôle inconnu : « {role} ». Rôles possibles : "
            + ", ".join(r.value for r in Role)
            + ".",
            "role",
        ) from None
    if len(password) < 12:
        raise DomainError("Le mot de passe doit faire au moins 12 caractères.", "password")
    if perimetre is not None:
        perimetre = await _verifier_perimetre(conn, perimetre)
    password_hash = await asyncio.to_thread(_hasher.hash, password)
    try:
        row = await conn.fetchrow(
            "INSERT INTO users (id, email, password_hash, role, perimetre_niveau, "
            "perimetre_code) VALUES ($1, $2, $3, $4, $5, $6) RETURNING *",
            uuid4(),
            email,
            password_hash,
            role_enum.value,
            perimetre[0] if perimetre else None,
            perimetre[1] if perimetre else None,
        )
    except asyncpg.UniqueViolationError:
        raise DomainError(f"Un compte existe déjà pour {email}.", "email") from None
    assert row is not None
    return _row_to_user(row)


async def count_users(conn: asyncpg.Connection | asyncpg.Pool) -> int:
    return int(await conn.fetchval("SELECT count(*) FROM users"))


async def get_user(conn: asyncpg.Connection | asyncpg.Pool, user_id: UUID) -> User | None:
    row = await conn.fetchrow("SELECT * FROM users WHERE id = $1 AND active", user_id)
    return _row_to_user(row) if row else None


async def get_user_by_email(conn: asyncpg.Connection | asyncpg.Pool, email: str) -> User | None:
    row = await conn.fetchrow("SELECT * FROM users WHERE lower(email) = lower($1)", email)
    return _row_to_user(row) if row else None


async def authenticate(pool: asyncpg.Pool, email: str, password: str, client: str) -> User | None:
    """The user if the password is right; None otherwise. Raises when throttled."""
    failures = await pool.fetchrow(
        f"""SELECT
              count(*) FILTER (WHERE lower(email) = lower($1)) AS by_email,
              count(*) FILTER (WHERE client = $2) AS by_client
            FROM login_attempts
            WHERE NOT succeeded AND at > now() - interval '{THROTTLE_WINDOW}'
              AND (lower(email) = lower($1) OR client = $2)""",
        email,
        client,
    )
    assert failures is not None
    if (
        failures["by_email"] >= MAX_FAILURES_PER_EMAIL
        or failures["by_client"] >= MAX_FAILURES_PER_CLIENT
    ):
        raise TropDeTentatives()
    row = await pool.fetchrow(
        "SELECT * FROM users WHERE lower(email) = lower($1) AND active", email
    )
    ok = False
    if row is not None:
        try:
            ok = await asyncio.to_thread(_hasher.verify, row["password_hash"], password)
        except (VerificationError, InvalidHashError):
            ok = False
    else:
        # Same cost whether or not the account exists, so timing does not reveal it.
        await asyncio.to_thread(_hasher.hash, password)
    await pool.execute(
        "INSERT INTO login_attempts (email, client, succeeded) VALUES ($1, $2, $3)",
        email[:320],
        client,
        ok,
    )
    if not ok or row is None:
        return None
    await pool.execute("UPDATE users SET last_login_at = now() WHERE id = $1", row["id"])
    return _row_to_user(row)


async def create_token(conn: asyncpg.Connection | asyncpg.Pool, user: User, label: str) -> str:
    token = "mn_" + secrets.token_urlsafe(32)
    await conn.execute(
        "INSERT INTO api_tokens (id, user_id, token_hash, label) VALUES ($1, $2, $3, $4)",
        uuid4(),
        user.id,
        hash_token(token),
        label,
    )
    return token


async def user_for_token(pool: asyncpg.Pool, token: str) -> User | None:
    row = await pool.fetchrow(
        """SELECT u.*, t.id AS token_id,
                  t.last_used_at IS NULL OR t.last_used_at < now() - interval '1 minute' AS stale
           FROM api_tokens t JOIN users u ON u.id = t.user_id
           WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND u.active""",
        hash_token(token),
    )
    if row is None:
        return None
    if row["stale"]:
        # "Last used" to the minute is enough, and spares every API call a write.
        await pool.execute(
            "UPDATE api_tokens SET last_used_at = now() WHERE id = $1", row["token_id"]
        )
    return _row_to_user(row)
