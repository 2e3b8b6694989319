"""The custody screening form: answers the records cannot give, as yes / no / not known."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms

from checkpoint.domain.eligibility import EXCLUSIONS
from checkpoint.domain.policy import DrugClass, DrugSupplyIndicator, Policy, SpecificTerm
from checkpoint.domain.screening import (
    Admission,
    DomesticRiskGrade,
    ExclusionsInput,
    Outcome,
    ScreeningInput,
)
from checkpoint.web.forms import GovukForm, GovukRadios

YES_NO = [("yes", "Yes"), ("no", "No")]
ANSWERS = {"yes": True, "no": False}
COMPUTED = "computed"


def yes_no(label: str, help_text: str = "") -> forms.ChoiceField:
    """Return a yes/no question that may be left unanswered ('not known')."""
    return forms.ChoiceField(
        label=label, choices=YES_NO, widget=GovukRadios, required=False, help_text=help_text
    )


def answer(value: str | None) -> bool | None:
    """Turn a yes/no answer into True, False or None for 'not known'."""
    return ANSWERS.get(value or "")


def term_key(term: SpecificTerm) -> str:
    """Return the key a specific term is confirmed under (its code or family)."""
    return term.code or (term.family.value if term.family else "")


class GovukCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes in the design system's markup."""

    template_name = "web/forms/checkboxes.html"


class ScreeningForm(GovukForm):
    """Everything the officer answers at the desk; unanswered questions mean 'not known'."""

    admission = forms.ChoiceField(
        label="What did the person say in interview?",
        widget=GovukRadios,
        required=False,
        choices=[
            (Admission.ADMITTED.value, "Admitted the offence"),
            (Admission.NO_REPLY.value, "No reply"),
            (Admission.DENIED.value, "Denied the offence"),
        ],
    )
    evidential_test_met = yes_no("Is there enough evidence to charge?")
    lives_in_force_area = yes_no("Does the person live in the force area?")
    offence_in_force_area = yes_no("Was the offence committed in the force area?")
    domestic_related = yes_no("Is the offence domestic-related?")
    domestic_risk_grade = forms.ChoiceField(
        label="DASH risk grade, if domestic-related",
        required=False,
        choices=[("", "Not domestic-related or not graded")]
        + [(g.value, g.value.capitalize()) for g in DomesticRiskGrade],
    )
    hate_crime = yes_no("Is it a hate crime?")
    exclusions = forms.MultipleChoiceField(
        label="Tick every one that applies",
        required=False,
        widget=GovukCheckboxes,
        choices=[(e.field, e.officer.rstrip(".")) for e in EXCLUSIONS],
    )
    exclusions_checked = forms.BooleanField(
        label="I have checked the custody record and the PNC for all of these",
        required=False,
        help_text="If you have not checked yet, leave this unticked: the decision will say "
        "which facts are needed.",
    )
    has_victim = yes_no("Is there an identifiable victim?")
    victim_views_recorded = yes_no("Have the victim's views been asked for and recorded?")
    victim_opposes = yes_no("Does the victim oppose diversion?")
    requested_outcome = forms.ChoiceField(
        label="Decision to record",
        widget=GovukRadios,
        required=False,
        initial=COMPUTED,
        choices=[(COMPUTED, "Record the result the rules give")]
        + [(o.value, f"Depart: record '{o.label.lower()}' instead") for o in Outcome],
    )
    departure_reason = forms.CharField(
        label="Reason for departing from the rules' result",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed only if you depart. A supervisor must approve a departure.",
    )

    def __init__(
        self, *args: Any, policy: Policy, offence_families: set[str], **kwargs: Any
    ) -> None:
        """Add the questions this policy and these offences need, and only those."""
        super().__init__(*args, **kwargs)
        self.policy = policy
        self.terms = [
            t
            for t in policy.offences.specific_terms
            if (t.family is not None and t.family.value in offence_families)
            or (t.code is not None and t.code in offence_families)
        ]
        for term in self.terms:
            self.fields[f"term_{term_key(term)}"] = yes_no(term.question)
        self.has_supply = "drug_supply" in offence_families
        if self.has_supply:
            self.fields["supply_indicators"] = forms.MultipleChoiceField(
                label="Which of these apply to the supply offence?",
                required=False,
                widget=GovukCheckboxes,
                choices=[(i.value, i.label.capitalize()) for i in DrugSupplyIndicator],
            )
            self.fields["supply_class"] = forms.ChoiceField(
                label="Class of drug",
                required=False,
                choices=[("", "Not known")] + [(c.value, f"Class {c.value}") for c in DrugClass],
            )
            self.fields["supply_county_lines"] = yes_no("Is there a link to county lines?")
            self.fields["supply_nrm"] = yes_no(
                "Has the person been referred to the National Referral Mechanism?"
            )
        filters = policy.filters
        if filters.public_interest:
            self.fields["public_interest_met"] = yes_no(
                "Does the public interest favour diversion here?"
            )
        if filters.sensitive_case:
            self.fields["sensitive_case"] = yes_no("Is this a sensitive case?")
        if filters.safety_check:
            self.fields["safety_concern"] = yes_no(
                "Is there a safety concern for the victim or the public?"
            )

    def to_facts(self, known: dict[str, Any], today: date) -> ScreeningInput:
        """Combine the records' facts with the officer's answers into the rules' input."""
        data = self.cleaned_data
        checked = data.get("exclusions_checked")
        ticked = set(data.get("exclusions") or [])
        exclusions = {
            name: (name in ticked) if checked else (True if name in ticked else None)
            for name in ExclusionsInput.model_fields
        }
        in_area, domestic, hate = (
            answer(data.get(k)) for k in ("offence_in_force_area", "domestic_related", "hate_crime")
        )
        offences = [
            {
                **o,
                "in_force_area": in_area,
                "domestic_related": domestic,
                "domestic_risk_grade": data.get("domestic_risk_grade") or None,
                "hate_crime": hate,
            }
            for o in known["offences"]
        ]
        lives = answer(data.get("lives_in_force_area"))
        facts: dict[str, Any] = {
            "decision_date": today.isoformat(),
            "person": {**known["person"], "lives_in_force_area": lives},
            "offences": offences,
            "admission": data.get("admission") or None,
            "evidential_test_met": answer(data.get("evidential_test_met")),
            "exclusions": exclusions,
            "history": known["history"],
            "victim": {
                "has_victim": answer(data.get("has_victim")),
                "views_recorded": answer(data.get("victim_views_recorded")),
                "opposes_diversion": answer(data.get("victim_opposes")),
            },
            "filters": {
                "public_interest_met": answer(data.get("public_interest_met")),
                "sensitive_case": answer(data.get("sensitive_case")),
                "safety_concern": answer(data.get("safety_concern")),
            },
            "specific_terms_confirmed": {
                term_key(t): value
                for t in self.terms
                if (value := answer(data.get(f"term_{term_key(t)}"))) is not None
            },
        }
        if self.has_supply:
            facts["drug_supply"] = {
                "indicators": data.get("supply_indicators") or [],
                "drug_class": data.get("supply_class") or None,
                "county_lines_link": answer(data.get("supply_county_lines")),
                "nrm_referral": answer(data.get("supply_nrm")),
            }
        return ScreeningInput.model_validate(facts)

    def requested(self) -> Outcome | None:
        """Return the outcome the officer chose to record, or None to take the rules' result."""
        value = self.cleaned_data.get("requested_outcome") or COMPUTED
        return None if value == COMPUTED else Outcome(value)


class ApprovalForm(GovukForm):
    """A supervisor's answer to an approval a decision awaits."""

    granted = forms.ChoiceField(
        label="Your decision", widget=GovukRadios, choices=[("yes", "Approve"), ("no", "Refuse")]
    )
    note = forms.CharField(
        label="Note",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Explain your decision"},
    )
