"""Template filters for needs and referral statuses."""

from django import template

from checkpoint.domain.needs import NeedLevel, PathwayStatus, ReferralStatus

register = template.Library()

STATUS_CLASSES: dict[str, str] = {
    PathwayStatus.SUPPORT_REQUIRED.value: "govuk-tag--yellow",
    PathwayStatus.SUPPORT_DECLINED.value: "govuk-tag--grey",
    PathwayStatus.IN_PROGRESS.value: "govuk-tag--blue",
    PathwayStatus.DONE.value: "govuk-tag--green",
    ReferralStatus.SENT.value: "govuk-tag--light-blue",
    ReferralStatus.ACCEPTED.value: "govuk-tag--blue",
    ReferralStatus.DECLINED.value: "govuk-tag--red",
    ReferralStatus.ATTENDED.value: "govuk-tag--turquoise",
    ReferralStatus.COMPLETED.value: "govuk-tag--green",
    ReferralStatus.WITHDRAWN.value: "govuk-tag--grey",
}
LEVEL_CLASSES: dict[str, str] = {
    NeedLevel.NONE.value: "govuk-tag--grey",
    NeedLevel.LOW.value: "govuk-tag--light-blue",
    NeedLevel.MEDIUM.value: "govuk-tag--yellow",
    NeedLevel.HIGH.value: "govuk-tag--red",
}


@register.filter
def status_tag_class(value: str | None) -> str:
    """Return the tag colour for a pathway or referral status."""
    return STATUS_CLASSES.get(str(value or ""), "govuk-tag--grey")


@register.filter
def level_tag_class(value: str | None) -> str:
    """Return the tag colour for a level of need."""
    return LEVEL_CLASSES.get(str(value or ""), "govuk-tag--grey")


@register.filter
def signed(value: float | None) -> str:
    """Return a change with its sign (+2, -1.5, 0), or a dash when there is none."""
    if value is None:
        return "\N{EN DASH}"
    if value == 0:
        return "0"
    return f"{value:+g}"
