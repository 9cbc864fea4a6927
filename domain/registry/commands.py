"""Commands on mediation places. Field names are the national standard's (v1.0.2)."""

from __future__ import annotations

from typing import Annotated

import msgspec

from domain.base import Commande

Nom = Annotated[str, msgspec.Meta(max_length=250, examples=["Médiathèque de Dole"])]
Adresse = Annotated[str, msgspec.Meta(max_length=250, examples=["12 rue de la République"])]
CodePostal = Annotated[str, msgspec.Meta(description="5 chiffres", examples=["39100"])]
CodeInsee = Annotated[str, msgspec.Meta(description="Code officiel INSEE", examples=["39198"])]
Latitude = Annotated[float, msgspec.Meta(description="WGS84", examples=[47.0925])]
Longitude = Annotated[float, msgspec.Meta(description="WGS84", examples=[5.4897])]
Services = Annotated[
    list[str],
    msgspec.Meta(
        description="Services du standard national (9 valeurs)",
        examples=[["Aide aux démarches administratives"]],
    ),
]
Horaires = Annotated[
    str,
    msgspec.Meta(
        description="Horaires au format OpenStreetMap opening_hours",
        examples=["Mo-Fr 09:00-12:00,14:00-18:00; Sa 09:00-12:00"],
    ),
]


class RecenserLieu(Commande, frozen=True, kw_only=True):
    """Add a mediation place to the registry."""

    nom: Nom
    adresse: Adresse
    code_postal: CodePostal
    code_insee: CodeInsee
    latitude: Latitude
    longitude: Longitude
    complement_adresse: Adresse | None = None
    services: Services = msgspec.field(default_factory=list)
    horaires: Horaires | None = None


class ModifierLieu(Commande, frozen=True, kw_only=True):
    """Change some fields of a place; a field left out stays as it is, `null` empties it.

    The place itself is named apart (the URL, for the API), like every command on an
    existing record.
    """

    version: Annotated[
        int,
        msgspec.Meta(ge=1, description="Version de la fiche sur laquelle la modification porte"),
    ]
    nom: Nom | msgspec.UnsetType = msgspec.UNSET
    adresse: Adresse | msgspec.UnsetType = msgspec.UNSET
    complement_adresse: Adresse | msgspec.UnsetType | None = msgspec.UNSET
    code_postal: CodePostal | msgspec.UnsetType = msgspec.UNSET
    code_insee: CodeInsee | msgspec.UnsetType = msgspec.UNSET
    latitude: Latitude | msgspec.UnsetType = msgspec.UNSET
    longitude: Longitude | msgspec.UnsetType = msgspec.UNSET
    services: Services | msgspec.UnsetType = msgspec.UNSET
    horaires: Horaires | msgspec.UnsetType | None = msgspec.UNSET


class FermerLieu(Commande, frozen=True, kw_only=True):
    """Record that a place no longer welcomes the public."""

    version: Annotated[int, msgspec.Meta(ge=1)]
    motif: Annotated[str, msgspec.Meta(max_length=500)] = ""
