"""Shared pages: the role home pages, search and the friendly error pages."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django_htmx.middleware import HtmxDetails

from checkpoint.accounts.access import require_capability
from checkpoint.accounts.models import User
from checkpoint.audit.actions import AuditAction
from checkpoint.audit.selectors import recent_audit_events
from checkpoint.audit.services import audit_record
from checkpoint.casework import selectors as cases
from checkpoint.casework import work_selectors as work
from checkpoint.domain.clocks import uk_date
from checkpoint.domain.lifecycle import CaseState
from checkpoint.domain.roles import Capability, Role
from checkpoint.people.selectors import person_search
from checkpoint.victims import selectors as victims
from checkpoint.web.forms import SearchForm


class HtmxHttpRequest(HttpRequest):
    """A request that django-htmx's middleware has annotated."""

    htmx: HtmxDetails


HOME_TEMPLATES: dict[Role, str] = {
    Role.CUSTODY_OFFICER: "web/home/custody.html",
    Role.NAVIGATOR: "web/home/navigator.html",
    Role.SUPERVISOR: "web/home/supervisor.html",
    Role.VICTIM_LIAISON: "web/home/victim_liaison.html",
    Role.ANALYST: "web/home/analyst.html",
    Role.ADMINISTRATOR: "web/home/administrator.html",
}


def home(request: HttpRequest) -> HttpResponse:
    """Show the signed-in user the home page for their role."""
    user = request.user
    assert isinstance(user, User)  # LoginRequiredMiddleware guarantees a signed-in user
    role = user.role_enum
    now = timezone.now()
    today = uk_date(now)
    context: dict[str, object] = {"nav": "home", "today": today}
    if role is None:
        return render(request, "web/home/no_role.html", context)
    if role is Role.CUSTODY_OFFICER:
        context["awaiting"] = cases.cases_visible_to(user).filter(
            state__in=[CaseState.REFERRED.value, CaseState.NEEDS_INFORMATION.value]
        )[:20]
        context["mine"] = cases.cases_visible_to(user).filter(referring_officer=user)[:10]
        context["search_form"] = SearchForm()
    elif role is Role.NAVIGATOR:
        context["worklist"] = work.navigator_worklist(user, now=now)
        context["flagged"] = work.flagged_alerts(cases.cases_visible_to(user))
        context["caseload"] = cases.with_clocks(work.navigator_caseload(user), today=today)
        context["limit"] = next(
            (c for c in work.navigator_capacity(user.team_id, today=today) if c.navigator == user),
            None,
        )
    elif role is Role.SUPERVISOR:
        context["flagged"] = work.flagged_alerts(cases.cases_visible_to(user))
        context["capacity"] = work.navigator_capacity(user.team_id, today=today)
        context["counts"] = cases.state_counts(user)
        context["unallocated"] = work.allocation_queue(user)[:20]
        context["breaches"] = work.breach_decisions_awaited(user)[:20]
        context["risks"] = work.team_deadline_risks(user, now=now)[:30]
    elif role is Role.VICTIM_LIAISON:
        context["victim_work"] = victims.cases_needing_victim_contact(user)[:50]
        context["cases"] = cases.cases_visible_to(user).filter(
            state__in=[CaseState.CONTRACT_OFFERED.value, CaseState.ACTIVE.value]
        )[:50]
    elif role is Role.ANALYST:
        context["figures"] = cases.headline_figures(today=today)
    elif role is Role.ADMINISTRATOR:
        context["figures"] = cases.headline_figures(today=today)
        context["recent_audit"] = recent_audit_events(limit=10)
    return render(request, HOME_TEMPLATES[role], context)


@require_capability(Capability.SEARCH_PEOPLE)
def search(request: HtmxHttpRequest) -> HttpResponse:
    """Find people by name or identifier, and cases by reference, within the user's scope."""
    user = request.user
    assert isinstance(user, User)
    form = SearchForm(request.GET or None)
    people, case_hits = [], []
    if form.is_valid():
        query = form.cleaned_data["q"]
        people = person_search(user, query)
        case_hits = list(cases.cases_visible_to(user).filter(reference__iexact=query.strip()))
        # Search results disclose names and identifiers, so the search itself is logged.
        audit_record(
            actor=user,
            action=AuditAction.CONSULTATION,
            verb="person.search",
            object_type="search",
            object_id="",
            summary=f"Searched for '{query}'",
            after={
                "people": [p.force_person_id for p in people],
                "cases": [c.reference for c in case_hits],
            },
        )
    # htmx asks for the results alone; without JavaScript the whole page comes back.
    template = "web/search_results.html" if request.htmx else "web/search.html"
    return render(
        request,
        template,
        {
            "nav": "search",
            "form": form,
            "people": people,
            "case_hits": case_hits,
            "searched": form.is_bound and form.is_valid(),
        },
    )


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """Say plainly that the user's role does not allow this page."""
    return render(request, "web/errors/403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """Say the page is not there, without revealing whether a record exists."""
    return render(request, "web/errors/404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """Apologise for an unexpected fault; the template needs no context that could fail."""
    return render(request, "web/errors/500.html", status=500)
