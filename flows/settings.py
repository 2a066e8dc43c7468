"""Prefect settings for a run with no server configured and no network."""

from __future__ import annotations

import os

OFFLINE_ENV = {
    # No analytics, no promotional calls, no resource-metric telemetry: nothing phones home.
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",
    "PREFECT_SERVER_UI_SHOW_PROMOTIONAL_CONTENT": "false",
    "PREFECT_TELEMETRY_ENABLE_RESOURCE_METRICS": "false",
    "PREFECT_LOGGING_TO_API_ENABLED": "true",
    "PREFECT_RESULTS_PERSIST_BY_DEFAULT": "false",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "90",
}


def configure_offline() -> None:
    """Set the offline defaults unless the user chose otherwise (before Prefect is imported)."""
    for key, value in OFFLINE_ENV.items():
        os.environ.setdefault(key, value)
