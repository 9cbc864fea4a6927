"""The map's markers served apart from its page, compressed once, cached by the browser.

A regional map's script holds every marker: 2.7 MB for 20,000 places. Inline in the page, it
was compressed again on every visit (hundreds of milliseconds of brotli for a page the cache
had ready) and downloaded again on every search. Served at an address named by its content
(`/carte/script/<empreinte>?<the search>`), it is compressed once per encoding, kept in
memory, and kept by the browser for good (`immutable`): the page itself stays small.

The search's parameters in the address let any web process rebuild a script it never
rendered (several processes behind a load balancer): folium's element names are fixed
(`web.carte_map`), so the rebuilt script fits the page's map `<div>`. If the places have
changed since, the new script is served, not to be kept (`no-cache`).
"""

from __future__ import annotations

import gzip
import hashlib
import importlib.util
from collections import OrderedDict

import msgspec

BROTLI = importlib.util.find_spec("brotli") is not None


def empreinte(script: str) -> str:
    return hashlib.sha256(script.encode()).hexdigest()[:24]


class ScriptCompresse(msgspec.Struct):
    brut: bytes
    encodages: dict[str, bytes] = msgspec.field(default_factory=dict)

    def dans(self, accept_encoding: str) -> tuple[str | None, bytes]:
        """The body in the best encoding the browser takes, compressed at its first request."""
        demandes = {e.split(";")[0].strip() for e in accept_encoding.lower().split(",")}
        if BROTLI and "br" in demandes:
            encodage = "br"
        elif "gzip" in demandes:
            encodage = "gzip"
        else:
            return None, self.brut
        if encodage not in self.encodages:
            self.encodages[encodage] = _compresser(encodage, self.brut)
        return encodage, self.encodages[encodage]


def _compresser(encodage: str, brut: bytes) -> bytes:
    if encodage == "br":
        import brotli  # optional (see web.app.compression)

        # Quality 1, not 6: the first visitor after a change waits for it. On 20,000
        # markers (3 MB, rows of a commune side by side), measured on this project's
        # 2-core machine: quality 1 in 10-12 ms for 889 kB, 2 in 17 ms for 869 kB, 4 in
        # 31 ms for 834 kB, 6 in 120 ms for 850 kB.
        return bytes(brotli.compress(brut, quality=1))
    return gzip.compress(brut, compresslevel=6, mtime=0)


class ScriptsCarte:
    """The scripts of the maps rendered lately, by empreinte; least recently used dropped."""

    def __init__(self, taille: int = 64) -> None:
        self.taille = taille
        self._scripts: OrderedDict[str, ScriptCompresse] = OrderedDict()

    def garder(self, cle: str, script: str) -> None:
        if cle not in self._scripts:
            self._scripts[cle] = ScriptCompresse(brut=script.encode())
        self._scripts.move_to_end(cle)
        while len(self._scripts) > self.taille:
            self._scripts.popitem(last=False)

    def lire(self, cle: str) -> ScriptCompresse | None:
        script = self._scripts.get(cle)
        if script is not None:
            self._scripts.move_to_end(cle)
        return script
