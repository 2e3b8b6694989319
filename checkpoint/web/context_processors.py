"""Template context shared by every page."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from checkpoint.accounts.access import user_can
from checkpoint.domain.roles import Capability


def service(request: HttpRequest) -> dict[str, Any]:
    """Add the service and force names, and what the navigation may offer the user."""
    user = getattr(request, "user", None)
    return {
        "service_name": settings.CHECKPOINT_SERVICE_NAME,
        "force_name": settings.CHECKPOINT_FORCE_NAME,
        "can_search": user_can(user, Capability.SEARCH_PEOPLE),
        "can_refer": user_can(user, Capability.REFER),
        "can_audit": user_can(user, Capability.VIEW_AUDIT),
        "can_directory": user_can(user, Capability.VIEW_CASES),
        "can_review_links": user_can(user, Capability.VIEW_AGGREGATES),
    }
