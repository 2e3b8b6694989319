"""The API root: version 1, signed-in sessions only."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.urls import URLPattern, URLResolver
from ninja import NinjaAPI
from ninja.security import django_auth

from checkpoint.api import cases, screenings

DOCUMENTATION_VIEWS = {"openapi-json", "openapi-view"}

api = NinjaAPI(
    title="Checkpoint API",
    version="1",
    description="Case management for deferred-prosecution schemes. Every read is scoped to "
    "your role and recorded in the audit log.",
    auth=django_auth,
    urls_namespace="api-v1",
)
api.add_router("/cases", cases.router)
api.add_router("/screenings", screenings.router)


def api_urls() -> tuple[list[URLResolver | URLPattern], str, str]:
    """Return the API's URL patterns, answering 401 (not a sign-in redirect) to anonymous calls."""
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        # Data endpoints authenticate each call and answer 401 rather than redirecting;
        # the schema and its viewer stay behind the sign-in page like any other page.
        if isinstance(pattern, URLPattern) and pattern.name not in DOCUMENTATION_VIEWS:
            pattern.callback = login_not_required(pattern.callback)
    return patterns, app_name, namespace
