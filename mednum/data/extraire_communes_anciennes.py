"""Build communes-anciennes.csv.gz from the npm package @etalab/decoupage-administratif.

Run by hand when a new COG vintage is wanted (no network at run time):

    cd /tmp && npm pack @etalab/decoupage-administratif && tar xzf etalab-*.tgz
    python mednum/data/extraire_communes_anciennes.py /tmp/package/data/communes.json

It keeps, for every commune déléguée or associée, its code and name and the code and name of
the commune (nouvelle) it belongs to; and, for every commune of today, the codes it absorbed
(`anciensCodes`), whose names the COG does not give. See README.md beside it for the licence.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import sys
from pathlib import Path

SORTIE = Path(__file__).with_name("communes-anciennes.csv.gz")
TYPES = {"commune-deleguee": "deleguee", "commune-associee": "associee"}


def main(source: str) -> None:
    communes = json.loads(Path(source).read_text(encoding="utf-8"))
    actuelles = {c["code"]: c for c in communes if c["type"] == "commune-actuelle"}
    lignes: list[tuple[str, str, str, str, str]] = []
    for c in communes:
        if c["type"] in TYPES and c["chefLieu"] in actuelles:
            lignes.append(
                (
                    c["code"],
                    c["nom"],
                    TYPES[c["type"]],
                    c["chefLieu"],
                    actuelles[c["chefLieu"]]["nom"],
                )
            )
    for c in actuelles.values():
        for ancien in c.get("anciensCodes", []):
            lignes.append((ancien, "", "fusionnee", c["code"], c["nom"]))
    lignes.sort()
    # mtime=0: the same input gives the same bytes (the file's checksum is compared at start).
    with (
        open(SORTIE, "wb") as brut,
        gzip.GzipFile(fileobj=brut, mode="wb", mtime=0) as compresse,
        io.TextIOWrapper(compresse, encoding="utf-8", newline="") as sortie,
    ):
        ecrivain = csv.writer(sortie)
        ecrivain.writerow(("code_insee", "nom", "type", "code_actuel", "nom_actuel"))
        ecrivain.writerows(lignes)
    print(f"{len(lignes)} lignes écrites dans {SORTIE}")


if __name__ == "__main__":
    main(sys.argv[1])
