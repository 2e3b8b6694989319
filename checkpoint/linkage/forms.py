"""Forms for linkage review: they validate input; services decide."""

from __future__ import annotations

from django import forms

from checkpoint.web.forms import GovukForm, GovukRadios


class ReviewDecisionForm(GovukForm):
    """An analyst's decision on whether a feed record and a person are the same person."""

    same_person = forms.ChoiceField(
        label="Are these the same person?",
        widget=GovukRadios,
        choices=[("yes", "Yes, the same person"), ("no", "No, different people")],
        error_messages={"required": "Choose whether these are the same person"},
    )
    note = forms.CharField(
        label="Why?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Explain your decision"},
    )
