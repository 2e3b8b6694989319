"""Forms for needs: they check the shape of the answers; services decide."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms

from checkpoint.domain.errors import DomainError
from checkpoint.domain.needs import (
    Instrument,
    NeedLevel,
    Pathway,
    PathwayStatus,
    check_pathway_need,
)
from checkpoint.needs.models import NeedsAssessment
from checkpoint.needs.services import PathwayAnswer
from checkpoint.web.forms import GovukDateField, GovukForm, GovukRadios

YES_NO = [("no", "No"), ("yes", "Yes")]
SKIP = "skip"


class GovukInlineRadios(forms.RadioSelect):
    """Small radios side by side, for rows of short answers."""

    template_name = "needs/widgets/inline_radios.html"


def correction_field(what: str) -> forms.CharField:
    """Return the reason asked for when a record at this stage already exists."""
    return forms.CharField(
        label="Why are you correcting it?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "class": "govuk-textarea"}),
        help_text=f"There is already {what}. It is kept; this one replaces it.",
        error_messages={"required": "Say why you are correcting it"},
    )


@dataclass(frozen=True)
class PathwayRow:
    """One pathway's three fields, for the table-like layout."""

    pathway: Pathway
    level: forms.BoundField
    support: forms.BoundField
    notes: forms.BoundField

    @property
    def errors(self) -> list[str]:
        """Return every error on the row."""
        return [*self.level.errors, *self.support.errors, *self.notes.errors]


class AssessmentForm(GovukForm):
    """Level of need, whether support is wanted and a note for each of the nine pathways."""

    summary = forms.CharField(
        label="Summary",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What the person said about their situation, in their words where you can.",
    )

    def __init__(self, *args: Any, correcting: str = "", **kwargs: Any) -> None:
        """Add the nine rows, and the reason for a correction when one is being made."""
        super().__init__(*args, **kwargs)
        levels = [("", "Choose")] + [(n.value, n.label) for n in NeedLevel]
        for p in Pathway:
            self.fields[f"{p.value}_level"] = forms.ChoiceField(
                label=f"{p.label}: level of need",
                choices=levels,
                widget=forms.Select(attrs={"class": "govuk-select"}),
                error_messages={"required": f"Choose the level of need for {p.label.lower()}"},
            )
            self.fields[f"{p.value}_support"] = forms.ChoiceField(
                label=f"{p.label}: support wanted",
                choices=YES_NO,
                initial="no",
                widget=GovukInlineRadios,
                error_messages={"required": f"Say whether support is wanted for {p.label.lower()}"},
            )
            self.fields[f"{p.value}_notes"] = forms.CharField(
                label=f"{p.label}: note",
                required=False,
                max_length=2000,
                widget=forms.TextInput(attrs={"class": "govuk-input"}),
            )
        if correcting:
            self.fields["correction_reason"] = correction_field(correcting)

    @property
    def rows(self) -> list[PathwayRow]:
        """Return each pathway's bound fields."""
        return [
            PathwayRow(
                pathway=p,
                level=self[f"{p.value}_level"],
                support=self[f"{p.value}_support"],
                notes=self[f"{p.value}_notes"],
            )
            for p in Pathway
        ]

    def clean(self) -> dict[str, Any]:
        """Show a contradiction between level and support beside the pathway it is on."""
        data = super().clean() or {}
        for p in Pathway:
            level, support = data.get(f"{p.value}_level"), data.get(f"{p.value}_support")
            if level and support:
                try:
                    check_pathway_need(p, NeedLevel(level), support == "yes")
                except DomainError as error:
                    self.add_error(f"{p.value}_support", str(error))
        return data

    def answers(self) -> list[PathwayAnswer]:
        """Return the answers for the service."""
        data = self.cleaned_data
        return [
            PathwayAnswer(
                pathway=p,
                level=NeedLevel(data[f"{p.value}_level"]),
                support_wanted=data[f"{p.value}_support"] == "yes",
                notes=data.get(f"{p.value}_notes", ""),
            )
            for p in Pathway
        ]


def assessment_initial(assessment: NeedsAssessment | None) -> dict[str, Any]:
    """Return an assessment's answers as the form's starting values."""
    if assessment is None:
        return {}
    initial: dict[str, Any] = {"summary": assessment.summary}
    for need in assessment.needs.all():
        initial[f"{need.pathway}_level"] = need.level
        initial[f"{need.pathway}_support"] = "yes" if need.support_wanted else "no"
        initial[f"{need.pathway}_notes"] = need.notes
    return initial


class PathwayStatusForm(GovukForm):
    """A new status for one pathway, from the ones it may move to."""

    status = forms.ChoiceField(
        label="New status",
        widget=GovukRadios,
        error_messages={"required": "Choose the new status"},
    )
    effective_on = GovukDateField(
        label="Date of the change",
        required=False,
        help_text="Leave blank for today. For example, 27 3 2026",
    )
    note = forms.CharField(
        label="Note",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed when support is declined or ends before the need is met.",
    )

    def __init__(self, *args: Any, options: list[PathwayStatus], **kwargs: Any) -> None:
        """Offer only the statuses the pathway may move to."""
        super().__init__(*args, **kwargs)
        field = self.fields["status"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(s.value, s.label) for s in options]


class SelfReportForm(GovukForm):
    """The person's answer to each statement, or 'prefer not to say'."""

    def __init__(
        self, *args: Any, instrument: Instrument, correcting: str = "", **kwargs: Any
    ) -> None:
        """Ask every item of the instrument, numbered, on its own scale."""
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        scale = instrument.scale
        choices = [(str(v), label) for v, label in scale.points] + [(SKIP, scale.missing_label)]
        for number, item in enumerate(instrument.items, start=1):
            self.fields[f"item_{item.code}"] = forms.ChoiceField(
                label=f"{number}. {item.text}",
                choices=choices,
                widget=GovukInlineRadios,
                error_messages={
                    "required": f"Choose an answer to statement {number}, or "
                    f"'{scale.missing_label}'"
                },
            )
        if correcting:
            self.fields["correction_reason"] = correction_field(correcting)

    def item_fields(self) -> list[forms.BoundField]:
        """Return the item fields in order."""
        return [self[f"item_{i.code}"] for i in self.instrument.items]

    def answers(self) -> dict[str, int | None]:
        """Return each item's answer; 'prefer not to say' is None."""
        data = self.cleaned_data
        return {
            i.code: None if data[f"item_{i.code}"] == SKIP else int(data[f"item_{i.code}"])
            for i in self.instrument.items
        }
