"""Access helpers for views: capability checks that refuse by default."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from checkpoint.accounts.models import User
from checkpoint.domain.roles import Capability, role_can

View = TypeVar("View", bound=Callable[..., HttpResponse])


def user_can(user: Any, capability: Capability) -> bool:
    """Return whether a signed-in, active user's role holds the capability."""
    return isinstance(user, User) and user.is_active and role_can(user.role_enum, capability)


def require_capability(capability: Capability) -> Callable[[View], View]:
    """Refuse the view with 403 unless the user's role holds the capability."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not user_can(request.user, capability):
                raise PermissionDenied(f"Your role cannot {capability.value.replace('_', ' ')}.")
            return view(request, *args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator
