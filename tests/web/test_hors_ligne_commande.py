"""The command an offline entry keeps is the one the server makes from the same form: the
browser's reader (web/static/js/hors_ligne_commande.js, run by Node) and the server's
(web/pages/activites.py, lire_enregistrement) give the same EnregistrerActivite for the same
posted fields. Skipped without Node."""

from __future__ import annotations

import json
import shutil
import subprocess
import uuid
from typing import Any

import msgspec
import pytest

from domain.activites.commands import EnregistrerActivite
from mednum.infra.communes import referentiel_communes
from web.api.hors_ligne import Regles
from web.pages.activites import lire_enregistrement
from web.static_assets import STATIC_DIR

NODE = shutil.which("node")
LANCEUR = """
globalThis.window = globalThis;
const fs = require("fs");
for (const f of process.argv.slice(1, 3)) { eval(fs.readFileSync(f, "utf8")); }
const entree = JSON.parse(fs.readFileSync(0, "utf8"));
const sortie = entree.formulaires.map((paires) =>
  window.MedNumHorsLigne.commandeSaisie(paires, entree.donnees, entree.id));
process.stdout.write(JSON.stringify(sortie));
"""

COMMUN = {"date": "2026-11-02", "duree": "45", "materiel": ["telephone"], "tags": "Seniors, "}
FORMULAIRES: list[dict[str, Any]] = [
    # a followed person at a registry place, with an orientation
    COMMUN
    | {
        "type": "individuel",
        "type_lieu": "lieu_activite",
        "lieu_id": "6f1c6a43-5d1e-4d0a-9b0a-0c6f1f1b2a11",
        "commune": "Dijon",
        "thematiques": ["email", "aide_aux_demarches_administratives", "logement"],
        "precisions_demarche": "Dossier APL",
        "beneficiaire_id": "0b8d2c1e-1111-4c4c-8888-7a7a7a7a7a7a",
        "oriente_vers_structure": "oui",
        "structure_de_redirection": "administration",
        "autonomie": "autonome",
    },
    # an anonymous person at home, commune typed as a postcode, with a profile
    COMMUN
    | {
        "type": "individuel",
        "type_lieu": "domicile",
        "commune": "21000",
        "duree": "",
        "duree_autre": "25",
        "thematiques": ["bureautique"],
        "profil_genre": "feminin",
        "profil_annee_naissance": "1950",
        "profil_commune_residence": "Dijon (21000)",
        "profil_deja_accompagne": "oui",
        "notes": "  Revenir jeudi  ",
    },
    # a workshop elsewhere, with followed people and anonymous counts
    COMMUN
    | {
        "type": "collectif",
        "type_lieu": "autre",
        "commune": "Beaune",
        "thematiques": ["email"],
        "titre_atelier": "Boîte mail",
        "niveau": "debutant",
        "beneficiaires": ["0b8d2c1e-1111-4c4c-8888-7a7a7a7a7a7a"],
        "p_total": "5",
        "p_deja": "2",
        "p_genre_feminin": "3",
        "p_tranche_soixante_soixante_neuf": "4",
        "p_statut_retraite": "",
    },
    # at a distance
    COMMUN | {"type": "individuel", "type_lieu": "a_distance", "thematiques": ["sante"]},
]


def _paires(formulaire: dict[str, Any]) -> list[list[str]]:
    return [
        [nom, v]
        for nom, valeur in formulaire.items()
        for v in (valeur if isinstance(valeur, list) else [valeur])
    ]


@pytest.mark.skipif(NODE is None, reason="Node absent : le lecteur du navigateur n'est pas lancé")
def test_the_browser_reads_a_form_as_the_server_does() -> None:
    assert NODE is not None
    ident = str(uuid.uuid4())
    communes = [
        [c.code_insee, c.nom, list(c.codes_postaux)]
        for c in referentiel_communes()
        if c.departement == "21"
    ]
    donnees = {"regles": msgspec.to_builtins(Regles()), "communes": communes}
    entree = {"formulaires": [_paires(f) for f in FORMULAIRES], "donnees": donnees, "id": ident}
    scripts = [
        str(STATIC_DIR / "js" / n) for n in ("hors_ligne_stockage.js", "hors_ligne_commande.js")
    ]
    sortie = subprocess.run(
        [NODE, "-e", LANCEUR, *scripts],
        input=json.dumps(entree),
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    navigateur = json.loads(sortie.stdout)
    for formulaire, lu in zip(FORMULAIRES, navigateur, strict=True):
        assert lu["erreurs"] == {}, lu["erreurs"]
        serveur = lire_enregistrement(formulaire | {"command_id": ident})
        attendu = msgspec.convert(serveur, EnregistrerActivite, strict=False)
        obtenu = msgspec.convert(lu["commande"], EnregistrerActivite, strict=False)
        assert obtenu == attendu
