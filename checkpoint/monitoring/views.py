"""The feed imports page for administrators and analysts."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from checkpoint.accounts.access import require_capability
from checkpoint.accounts.models import User
from checkpoint.domain.roles import Capability
from checkpoint.monitoring.harm import active_table, active_table_label
from checkpoint.monitoring.selectors import imports_for

PAGE_SIZE = 50


@require_capability(Capability.VIEW_AGGREGATES)
def feed_imports(request: HttpRequest) -> HttpResponse:
    """List feed imports with their provenance and how many records still need a person.

    The page shows counts and file provenance only, no personal data, so it is not audited
    as a consultation.
    """
    assert isinstance(request.user, User)
    imports = imports_for(request.user).annotate(
        unlinked=Count("records", filter=Q(records__person__isnull=True))
    )
    page = Paginator(imports, PAGE_SIZE).get_page(request.GET.get("page"))
    table = active_table()
    template = (
        "monitoring/includes/imports_table.html"
        if request.headers.get("HX-Request")
        else "monitoring/imports.html"
    )
    return render(
        request,
        template,
        {
            "nav": "monitoring",
            "page": page,
            "imports": page.object_list,
            "harm_label": active_table_label(),
            "harm_indicative": table is None or table.indicative,
        },
    )
