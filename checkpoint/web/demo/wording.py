"""What demo timelines say: decision reasons, questions, withdrawal and breach wording.

Kept apart from the walker so the prose can be read (and improved) in one place.
"""

from __future__ import annotations

from enum import StrEnum

TRIAL_NAME = "Drugs pathway trial"


class Reason(StrEnum):
    """Why a referral was found ineligible (every reason is recorded, not just the first)."""

    OUT_OF_AREA = "out_of_area"
    OFFENCE_TOO_OLD = "offence_too_old"
    NO_ADMISSION = "no_admission"
    CO_ACCUSED = "co_accused"
    ON_BAIL = "on_bail"
    COURT_ORDER = "court_order"
    HATE_CRIME = "hate_crime"
    DRIVING = "driving"
    SERIOUS = "serious"

    @property
    def text(self) -> str:
        """Return the reason as the decision records it."""
        return REASON_TEXT[self]


REASON_TEXT: dict[Reason, str] = {
    Reason.OUT_OF_AREA: "Lives outside the force area.",
    Reason.OFFENCE_TOO_OLD: "The offence is more than three months old.",
    Reason.NO_ADMISSION: "Did not admit the offence and did not give a no-reply interview.",
    Reason.CO_ACCUSED: "The case has a co-accused.",
    Reason.ON_BAIL: "On police or court bail for another matter.",
    Reason.COURT_ORDER: "Subject to a court order (suspended sentence or conditional discharge).",
    Reason.HATE_CRIME: "Hate crime: the offence is racially or religiously aggravated.",
    Reason.DRIVING: "Driving offences are out of scope.",
    Reason.SERIOUS: "Serious offence: custody is the likely sentence.",
}
INELIGIBLE_MIX: dict[Reason, float] = {
    Reason.HATE_CRIME: 0.12,
    Reason.DRIVING: 0.15,
    Reason.SERIOUS: 0.15,
    Reason.COURT_ORDER: 0.08,
    Reason.ON_BAIL: 0.15,
    Reason.CO_ACCUSED: 0.12,
    Reason.NO_ADMISSION: 0.13,
    Reason.OFFENCE_TOO_OLD: 0.10,
}
LATER_REASONS = (Reason.ON_BAIL, Reason.CO_ACCUSED, Reason.COURT_ORDER, Reason.NO_ADMISSION)
ELIGIBLE_TEXT = (
    "Eligible: aged 18 or over; lives and offended in the force area; offence less than "
    "three months old; admitted; evidential stage met; offence in scope."
)
QUESTIONS = (
    "Is the person on court bail? The PNC shows a pending court date.",
    "Has the victim been asked for their views?",
    "Is there a co-accused? A second suspect is named in the incident log.",
    "When exactly was the offence committed? It was reported late.",
    "Has the officer in the case confirmed the evidential stage is met?",
)
WITHDRAW_UNDECIDED = (
    "Could not be contacted after release; no decision was possible.",
    "The victim no longer supports the investigation; no further action.",
)
WITHDRAW_BEFORE_OFFER = (
    "Said they do not want to take part.",
    "Moved out of the force area before a contract was offered.",
    "The victim objected to an out-of-court outcome.",
)
WITHDRAW_DECLINED = (
    "Declined to sign the contract.",
    "Did not attend three appointments to sign the contract.",
)
WITHDRAW_S127 = (
    "The s127 limitation date is too close to enforce a contract; referred for a charging decision."
)
WITHDRAW_REOFFENDED = "Arrested for a further offence before the contract was signed."
BREACH_NONCOMPLIANCE = (
    "Failed without reasonable excuse to attend three navigator appointments.",
    "Did not start the agreed alcohol treatment and gave no reasonable excuse.",
    "Did not complete the agreed community work hours.",
)
OVERRIDE_TEXT = (
    "Supervisor approved an s127 override: a charging decision can still be made before "
    "the limitation date."
)
BREACH_FURTHER_OFFENCE = "Further offence during the contract"
"""How a breach for reoffending starts its reason (the offence and date follow)."""
