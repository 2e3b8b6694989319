"""Forms for casework: allocation, appointments, notes, breach and completion.

Forms parse what was typed; the services decide whether it is allowed.
"""

from __future__ import annotations

import re
from datetime import datetime, time
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from checkpoint.casework.work_selectors import NavigatorCapacity
from checkpoint.domain.appointments import AppointmentKind, Attendance, ContactMethod, NoteBasis
from checkpoint.domain.breach import BreachOutcome
from checkpoint.domain.clocks import UK_TIME
from checkpoint.screening.forms import GovukCheckboxes
from checkpoint.web.forms import GovukDateField, GovukForm, GovukRadios

YES_NO = [("yes", "Yes"), ("no", "No")]
TIME = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*$")


def uk_instant(day: Any, clock: time) -> datetime:
    """Combine a UK calendar day and a wall-clock time into an aware instant."""
    return datetime.combine(day, clock, tzinfo=UK_TIME)


class TimeField(forms.Field):
    """A time of day typed as 14:30 (24-hour clock, UK time)."""

    def __init__(self, **kwargs: Any) -> None:
        """Set the hint and width."""
        kwargs.setdefault("help_text", "Use the 24-hour clock, for example 09:30 or 14:00")
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"class": "govuk-input--width-5", "maxlength": 5})
        )
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Any:
        """Turn '14:30' into a time, or say what is wrong."""
        text = str(value or "").strip()
        if not text:
            return None
        noun = str(self.label or "time").lower()
        match = TIME.match(text)
        if not match:
            raise ValidationError(f"Enter the {noun} like 14:30")
        hour, minute = int(match[1]), int(match[2])
        if hour > 23 or minute > 59:
            raise ValidationError(f"The {noun} must be a real time")
        return time(hour, minute)


class AllocationForm(GovukForm):
    """Give a case to a navigator, seeing each one's caseload against their limit."""

    navigator = forms.ChoiceField(
        label="Navigator",
        widget=GovukRadios,
        error_messages={"required": "Choose a navigator"},
    )
    reason = forms.CharField(
        label="Reason for moving the case",
        required=False,
        max_length=500,
        help_text="Needed only when the case already has a navigator.",
    )

    def __init__(self, *args: Any, capacity: list[NavigatorCapacity], **kwargs: Any) -> None:
        """Offer the team's navigators, most room first, each with their caseload."""
        super().__init__(*args, **kwargs)
        field = self.fields["navigator"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(str(c.navigator.pk), c.label) for c in capacity]
        self.capacity = {str(c.navigator.pk): c for c in capacity}

    def chosen(self) -> NavigatorCapacity:
        """Return the chosen navigator's capacity row."""
        return self.capacity[self.cleaned_data["navigator"]]


class AppointmentForm(GovukForm):
    """Book an appointment: what, when (UK time) and where."""

    kind = forms.ChoiceField(
        label="What is the appointment?",
        widget=GovukRadios,
        choices=[(k.value, k.label) for k in AppointmentKind],
        error_messages={"required": "Choose what the appointment is"},
    )
    on = GovukDateField(label="Date", help_text="For example, 3 12 2026")
    at = TimeField(label="Time", error_messages={"required": "Enter the time"})
    place = forms.CharField(
        label="Place",
        max_length=200,
        help_text="For example, the Checkpoint office, Durham, or the service's address",
        error_messages={"required": "Enter where the appointment is"},
    )
    details = forms.CharField(
        label="Details",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Who the person will see and anything they need to bring.",
    )

    def starts_at(self) -> datetime:
        """Return the appointment's start as an aware instant."""
        return uk_instant(self.cleaned_data["on"], self.cleaned_data["at"])


class RescheduleForm(GovukForm):
    """Move an appointment, or rebook a missed one; the original is kept."""

    on = GovukDateField(label="New date", help_text="For example, 3 12 2026")
    at = TimeField(label="New time", error_messages={"required": "Enter the new time"})
    place = forms.CharField(
        label="Place", max_length=200, required=False, help_text="Leave blank to keep the place."
    )
    reason = forms.CharField(
        label="Why is it being moved?",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Say why the appointment is being moved"},
    )

    def starts_at(self) -> datetime:
        """Return the new start as an aware instant."""
        return uk_instant(self.cleaned_data["on"], self.cleaned_data["at"])


class OutcomeForm(GovukForm):
    """Record whether the person attended; for lateness or absence, the reason and its judgement."""

    attendance = forms.ChoiceField(
        label="Did the person attend?",
        widget=GovukRadios,
        choices=[(a.value, a.label) for a in Attendance],
        error_messages={"required": "Choose whether the person attended"},
    )
    reason = forms.CharField(
        label="Reason given for lateness or absence",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Write 'none given' if the person gave no reason.",
    )
    acceptable = forms.ChoiceField(
        label="Was the reason acceptable?",
        widget=GovukRadios,
        choices=YES_NO,
        required=False,
        help_text="An absence or lateness without an acceptable reason is enforceable: it can "
        "be used as evidence of a breach.",
    )

    def outcome(self) -> tuple[Attendance, str, bool | None]:
        """Return the attendance, the reason and the judgement (None if not given)."""
        data = self.cleaned_data
        judged = {"yes": True, "no": False}.get(data.get("acceptable") or "")
        return Attendance(data["attendance"]), data.get("reason", ""), judged


class NoteForm(GovukForm):
    """A case note marked as fact or opinion, optionally recording a contact."""

    basis = forms.ChoiceField(
        label="Is this note fact or opinion?",
        widget=GovukRadios,
        choices=[
            (NoteBasis.FACT.value, "Fact: what happened, was seen or was said"),
            (NoteBasis.OPINION.value, "Opinion: your professional assessment"),
        ],
        help_text="The law asks us to keep facts apart from opinions (Data Protection Act "
        "2018 s38(2)). Write one kind per note.",
        error_messages={"required": "Choose whether the note is fact or opinion"},
    )
    text = forms.CharField(
        label="Note",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Write the note"},
    )
    contact_method = forms.ChoiceField(
        label="Does this note record contact with the person?",
        required=False,
        choices=[("", "No")] + [(m.value, f"Yes, {m.label.lower()}") for m in ContactMethod],
    )

    def method(self) -> ContactMethod | None:
        """Return how the contact happened, or None if the note is not a contact."""
        value = self.cleaned_data.get("contact_method")
        return ContactMethod(value) if value else None


class BreachProposalForm(GovukForm):
    """Propose a breach: the conditions not kept, the outcomes that show it, the evidence."""

    conditions = forms.MultipleChoiceField(
        label="Which conditions were not kept?",
        required=False,
        widget=GovukCheckboxes,
    )
    appointments = forms.MultipleChoiceField(
        label="Which missed or late appointments show it?",
        required=False,
        widget=GovukCheckboxes,
        help_text="Only outcomes recorded as enforceable (no acceptable reason) are listed.",
    )
    evidence_summary = forms.CharField(
        label="Summary of the evidence",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What happened, when, what the person said, and what you did about it. "
        "Keep facts apart from your opinion.",
        error_messages={"required": "Summarise the evidence"},
    )

    def __init__(
        self,
        *args: Any,
        conditions: list[tuple[str, str]],
        appointments: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        """Offer the contract's conditions and the case's enforceable outcomes."""
        super().__init__(*args, **kwargs)
        for name, choices in (("conditions", conditions), ("appointments", appointments)):
            field = self.fields[name]
            assert isinstance(field, forms.MultipleChoiceField)
            field.choices = choices


class BreachDecisionForm(GovukForm):
    """A supervisor's decision, following the test of failure 'without reasonable excuse'."""

    excuse_reasonable = forms.ChoiceField(
        label="Did the person have a reasonable excuse?",
        widget=GovukRadios,
        choices=YES_NO,
        help_text="Criminal Justice Act 2003 s24: a breach is a failure to comply without "
        "reasonable excuse.",
        error_messages={"required": "Say whether the person had a reasonable excuse"},
    )
    outcome = forms.ChoiceField(
        label="Decision",
        widget=GovukRadios,
        choices=[(o.value, o.label) for o in BreachOutcome],
        error_messages={"required": "Choose the decision"},
    )
    reason = forms.CharField(
        label="Reasons for the decision",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Give the reasons for the decision"},
    )

    def decision(self) -> tuple[bool, BreachOutcome, str]:
        """Return the excuse finding, the outcome and the reasons."""
        data = self.cleaned_data
        return data["excuse_reasonable"] == "yes", BreachOutcome(data["outcome"]), data["reason"]
