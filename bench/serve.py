"""The real web application for the write benchmark, served by uvicorn:

    MEDNUM_BENCH_DSN=postgresql://... uvicorn --factory bench.serve:create_bench_app

The database must already be migrated (bench.common.fresh_database does it).
"""

from __future__ import annotations

import os
import secrets

from litestar import Litestar

from mednum.settings import Settings
from web.app import create_app


def create_bench_app() -> Litestar:
    dsn = os.environ["MEDNUM_BENCH_DSN"]
    settings = Settings(
        database_url=dsn,
        secret_key=os.environ.get("MEDNUM_BENCH_SECRET") or secrets.token_urlsafe(32),
        run_projectors=os.environ.get("MEDNUM_BENCH_PROJECTORS", "1") == "1",
    )
    return create_app(settings, dsn, prepare=False)
