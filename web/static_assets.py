"""Where the web front end's files live on disk.

Leaflet and Leaflet.markercluster are not copied into the repository: they come from the
`xstatic-leaflet` and `xstatic-leaflet-markercluster` packages pinned in pyproject.toml, so a
security update is a version bump, and no page ever depends on a third-party CDN (privacy of
the people looking for help, and a strict Content-Security-Policy with `'self'` only).
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

import xstatic.pkg.leaflet as _leaflet
import xstatic.pkg.leaflet_markercluster as _markercluster

WEB_DIR = Path(__file__).parent
STATIC_DIR = WEB_DIR / "static"
TEMPLATES_DIR = WEB_DIR / "templates"

# URL prefix under which `vendor_directories()` is mounted; the templates hard-code the same
# paths, so change both together.
VENDOR_URL_PREFIX = "/static/vendor"


def vendor_directories() -> dict[str, Path]:
    """Map each URL sub-path of `/static/vendor/` to the directory holding its files.

    - `leaflet`: leaflet.js, leaflet.css and images/ (leaflet.css finds the marker icons
      through the relative URL `images/…`, so the directory must be served as a whole);
    - `markercluster`: leaflet.markercluster.js, MarkerCluster.css, MarkerCluster.Default.css.
    """
    dirs = {
        "leaflet": Path(_leaflet.BASE_DIR),
        "markercluster": Path(_markercluster.BASE_DIR),
    }
    for key, directory in dirs.items():
        # Fail at start-up rather than serve 404s for the map if a package is broken.
        if not directory.is_dir():
            raise RuntimeError(f"vendored front-end files missing for {key!r}: {directory}")
    return dirs


@cache
def empreinte(chemin: str) -> str:
    """A short hash of the file's content: its URL changes whenever the file does, so
    browsers may keep it for a year (`immutable`)."""
    if chemin.startswith("vendor/"):
        _, paquet, reste = chemin.split("/", 2)
        fichier = vendor_directories()[paquet] / reste
    else:
        fichier = STATIC_DIR / chemin
    return hashlib.sha256(fichier.read_bytes()).hexdigest()[:12]


def url_statique(chemin: str) -> str:
    """`css/carte.css` → `/static/css/carte.css?v=<hash of its content>`."""
    return f"/static/{chemin}?v={empreinte(chemin)}"
