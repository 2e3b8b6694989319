"""The linkage review queue: analysts and supervisors decide the pairs the model is unsure of."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from checkpoint.accounts.access import require_capability
from checkpoint.accounts.models import User
from checkpoint.audit.services import audit_consultation
from checkpoint.domain.errors import DomainError
from checkpoint.domain.roles import Capability
from checkpoint.linkage.forms import ReviewDecisionForm
from checkpoint.linkage.models import ReviewItem
from checkpoint.linkage.selectors import review_get_for_user, review_queue
from checkpoint.linkage.services import review_decide

PAGE_SIZE = 50


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # LoginRequiredMiddleware guarantees a signed-in user
    return user


@require_capability(Capability.VIEW_AGGREGATES)
def review_queue_view(request: HttpRequest) -> HttpResponse:
    """List the pairs awaiting a decision, most probable first (no personal data shown)."""
    user = _user(request)
    status = request.GET.get("status", ReviewItem.Status.PENDING)
    if status not in ReviewItem.Status.values:
        status = ReviewItem.Status.PENDING
    page = Paginator(review_queue(user, status), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "linkage/review_queue.html",
        {"nav": "linkage", "page": page, "status": status, "statuses": ReviewItem.Status.choices},
    )


@require_capability(Capability.VIEW_AGGREGATES)
def review_item_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a feed record and a person side by side, and record the decision on them."""
    user = _user(request)
    item = review_get_for_user(user, pk)
    form = ReviewDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            review_decide(
                actor=user,
                item=item,
                same_person=form.cleaned_data["same_person"] == "yes",
                note=form.cleaned_data["note"],
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Your decision is recorded.")
            return redirect("linkage-review-queue")
    audit_consultation(
        actor=user,
        target=item,
        person_id=item.person_id,
        summary=f"Viewed linkage review of {item.record} and {item.person.force_person_id}",
    )
    return render(
        request,
        "linkage/review_item.html",
        {
            "nav": "linkage",
            "item": item,
            "record": item.record,
            "person": item.person,
            "names": list(item.person.names.all()),
            "form": form if item.status_enum is ReviewItem.Status.PENDING else None,
        },
    )
