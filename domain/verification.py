"""What the domain asks of maintained libraries, behind its own interface.

The rules on SIRET/SIREN numbers and phone numbers are those of python-stdnum and
phonenumbers (kept up to date with the numbering plans); `domain/` imports neither. It states
here what it needs; mednum.infra.validation implements it with the libraries and installs it
when the `mednum` package is imported (every entry point, and the tests, import it).
"""

from __future__ import annotations

from typing import Protocol


class Verificateurs(Protocol):
    def siren_valide(self, chiffres: str) -> bool:
        """9 digits whose check key (Luhn) holds."""
        ...

    def siret_valide(self, chiffres: str) -> bool:
        """14 digits whose key holds, and whose first 9 (the SIREN) hold theirs too."""
        ...

    def telephone_francais(self, numero: str) -> str | None:
        """The number in international form (+33…, +590…) when it is a valid number of France
        or of a French overseas territory, written nationally (03 80…, 0590…) or
        internationally; None otherwise (wrong length, a foreign country…)."""
        ...


_installes: list[Verificateurs] = []


def installer(verificateurs: Verificateurs) -> None:
    _installes[:] = [verificateurs]


def verificateurs() -> Verificateurs:
    if not _installes:
        raise RuntimeError(
            "No validators installed: import mednum (mednum.infra.validation.installer())."
        )
    return _installes[0]
