"""Logs as text for a terminal, or one JSON object per line (`MEDNUM_LOG_FORMAT=json`) for a
log collector (Loki, Elasticsearch, journald's JSON…)."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import msgspec

_encode = msgspec.json.Encoder().encode


class FormatJson(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entree: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            entree["exception"] = self.formatException(record.exc_info)
        return _encode(entree).decode()


def configurer_journal(format_journal: str) -> None:
    """The root logger's one handler, at INFO (uvicorn's loggers propagate to it)."""
    gestionnaire = logging.StreamHandler()
    if format_journal == "json":
        gestionnaire.setFormatter(FormatJson())
    else:
        gestionnaire.setFormatter(
            logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
        )
    racine = logging.getLogger()
    racine.handlers[:] = [gestionnaire]
    racine.setLevel(logging.INFO)
