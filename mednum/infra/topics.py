"""Event topics: an event's stored name is its class path, so a renamed module keeps its old
name in the log. Each rename is an alias here, resolved on the way out (eventsourcing's
`register_topic`) and included wherever events are selected by topic in SQL.

`domain.registry` became `domain.lieux` in issue 10: events written before carry
`domain.registry.events:…` (tests/integration/test_journal_ancien.py reads such a log).
"""

from __future__ import annotations

import importlib

from eventsourcing.utils import get_topic, register_topic, resolve_topic

# New package → its former names, oldest first.
ANCIENS_NOMS: dict[str, tuple[str, ...]] = {"domain.lieux": ("domain.registry",)}

for _nouveau, _anciens in ANCIENS_NOMS.items():
    for _ancien in _anciens:
        register_topic(_ancien, importlib.import_module(_nouveau))


def topics_de(classe: type) -> list[str]:
    """Every name under which events of this class may be stored: today's, then older ones."""
    topic = get_topic(classe)
    noms = [topic]
    for nouveau, anciens in ANCIENS_NOMS.items():
        if topic.startswith(nouveau + "."):
            noms += [ancien + topic.removeprefix(nouveau) for ancien in anciens]
    return noms


def resoudre(topic: str) -> type:
    """The class of a stored topic, old names included."""
    classe: type = resolve_topic(topic)
    return classe
