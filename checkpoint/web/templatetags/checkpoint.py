"""Template filters for showing domain values."""

from django import template

from checkpoint.domain.lifecycle import CaseState

register = template.Library()

STATE_TAG_CLASSES: dict[CaseState, str] = {
    CaseState.REFERRED: "govuk-tag--blue",
    CaseState.NEEDS_INFORMATION: "govuk-tag--yellow",
    CaseState.ELIGIBLE: "govuk-tag--turquoise",
    CaseState.INELIGIBLE: "govuk-tag--grey",
    CaseState.ALLOCATED_DIVERSION: "govuk-tag--turquoise",
    CaseState.ALLOCATED_USUAL_PROCESS: "govuk-tag--grey",
    CaseState.CONTRACT_OFFERED: "govuk-tag--purple",
    CaseState.ACTIVE: "govuk-tag--green",
    CaseState.COMPLETED: "govuk-tag--green",
    CaseState.BREACHED: "govuk-tag--red",
    CaseState.REFERRED_FOR_PROSECUTION: "govuk-tag--red",
    CaseState.WITHDRAWN: "govuk-tag--grey",
    CaseState.FOLLOW_UP: "govuk-tag--light-blue",
    CaseState.CLOSED: "govuk-tag--grey",
}


@register.filter
def state_label(value: str) -> str:
    """Return a case state's label."""
    return CaseState(value).label


@register.filter
def state_tag_class(value: str) -> str:
    """Return the tag colour class for a case state."""
    return STATE_TAG_CLASSES[CaseState(value)]
