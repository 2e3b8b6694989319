"""Contract forms: they gather input; the services and the domain decide what is allowed."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django import forms

from checkpoint.contracts.models import ContractCondition, SignatureMethod
from checkpoint.domain.contracts import (
    DUE,
    MAX_EXTENSION_DAYS,
    Catalogue,
    Category,
    Choice,
    ConditionSpec,
    EvidenceKind,
    ParameterType,
    Problem,
    RuleKind,
    wording_preview,
)
from checkpoint.web.forms import (
    WIDGET_CLASSES,
    GovukDateField,
    GovukDateInput,
    GovukForm,
    GovukRadios,
)

INCLUDE = "include"


def field_name(code: str, part: str) -> str:
    """Return the form field holding one part (a parameter, the due date) of a condition."""
    return f"{code}__{part}"


# A condition's fields are needed only when it is chosen, so they never say "(optional)".
CONDITION_FIELD = "contracts/forms/condition_field.html"


def spec_fields(spec: ConditionSpec) -> dict[str, forms.Field]:
    """Return the fields a condition needs: its parameters and, where it has one, a due date."""
    found: dict[str, forms.Field] = {}
    for param in spec.parameters:
        label = param.label
        if param.type is ParameterType.CHOICE:
            found[field_name(spec.code, param.name)] = forms.ChoiceField(
                label=label,
                required=False,
                choices=[("", "Choose")] + [(o, o) for o in param.options],
                help_text=param.hint,
            )
            continue
        numeric = param.type is ParameterType.INTEGER
        hint = param.hint
        if numeric and param.minimum is not None and param.maximum is not None:
            hint = (hint + " " if hint else "") + f"From {param.minimum} to {param.maximum}."
        found[field_name(spec.code, param.name)] = forms.CharField(
            label=label,
            required=False,
            max_length=param.max_length,
            help_text=hint,
            initial=param.default,
            widget=forms.TextInput(
                attrs={"inputmode": "numeric", "class": "govuk-input--width-3"} if numeric else {}
            ),
        )
    if spec.completion.kind is not RuleKind.NO_NEW_OFFENCE:
        found[field_name(spec.code, DUE)] = GovukDateField(
            label="Due date",
            required=False,
            help_text="For example, 27 3 2027"
            if spec.due_required
            else "Optional: if left blank, the end of the contract",
        )
    for field in found.values():
        # Field.template_name is Django 5.0+; django-stubs does not declare it yet.
        field.template_name = CONDITION_FIELD  # type: ignore[attr-defined]
        widget = field.widget
        if not isinstance(widget, GovukDateInput):
            css = next((c for cls, c in WIDGET_CLASSES.items() if isinstance(widget, cls)), "")
            css = css or "govuk-input"
            widget.attrs["class"] = f"{css} {widget.attrs.get('class', '')}".strip()
    return found


@dataclass(frozen=True)
class Block:
    """One catalogue condition as the builder shows it."""

    spec: ConditionSpec
    include: forms.BoundField | None
    fields: list[forms.BoundField]

    @property
    def preview(self) -> str:
        """Return the wording with its blanks named."""
        return wording_preview(self.spec)


def add_problems(form: forms.Form, problems: Iterable[Problem]) -> None:
    """Show each problem beside its field, or at the top when it is about the whole."""
    for problem in problems:
        name = field_name(problem.code, problem.field) if problem.code and problem.field else ""
        if name in form.fields:
            form.add_error(name, problem.message)
        elif problem.code and field_name(problem.code, INCLUDE) in form.fields:
            form.add_error(field_name(problem.code, INCLUDE), problem.message)
        else:
            form.add_error(None, problem.message)


def choice_for(spec: ConditionSpec, data: dict[str, Any]) -> Choice:
    """Return the choice the fields of one condition describe."""
    parameters = {
        p.name: value
        for p in spec.parameters
        if (value := data.get(field_name(spec.code, p.name))) not in ("", None)
    }
    return Choice(
        code=spec.code, parameters=parameters, due_on=data.get(field_name(spec.code, DUE))
    )


class ContractBuilderForm(GovukForm):
    """Choose conditions from the catalogue, with their parameters and due dates."""

    reason = forms.CharField(
        label="Reason for this version",
        required=False,
        max_length=500,
        help_text="For example, first draft, or what changed after the supervisor's comments",
    )

    def __init__(self, *args: Any, catalogue: Catalogue, **kwargs: Any) -> None:
        """Add a tick box and the parameter fields for every condition in the catalogue."""
        super().__init__(*args, **kwargs)
        self.catalogue = catalogue
        for spec in catalogue.conditions:
            self.fields[field_name(spec.code, INCLUDE)] = forms.BooleanField(
                label=spec.title,
                required=False,
                help_text=spec.guidance,
                initial=spec.category is Category.NO_REOFFENDING,
            )
            self.fields.update(spec_fields(spec))

    def groups(self) -> list[tuple[Category, list[Block]]]:
        """Return the conditions grouped by category, in catalogue order."""
        grouped: dict[Category, list[Block]] = {c: [] for c in Category}
        for spec in self.catalogue.conditions:
            names = list(spec_fields(spec))
            grouped[spec.category].append(
                Block(
                    spec=spec,
                    include=self[field_name(spec.code, INCLUDE)],
                    fields=[self[n] for n in names],
                )
            )
        return [(c, blocks) for c, blocks in grouped.items() if blocks]

    def choices(self) -> list[Choice]:
        """Return the conditions ticked, as choices for the service."""
        data = self.cleaned_data
        return [
            choice_for(spec, data)
            for spec in self.catalogue.conditions
            if data.get(field_name(spec.code, INCLUDE))
        ]


def builder_initial(conditions: Sequence[ContractCondition]) -> dict[str, Any]:
    """Return the builder's initial values from an existing version's conditions."""
    initial: dict[str, Any] = {}
    for condition in conditions:
        initial[field_name(condition.code, INCLUDE)] = True
        for name, value in condition.parameters.items():
            initial[field_name(condition.code, name)] = value
        if condition.due_on:
            initial[field_name(condition.code, DUE)] = condition.due_on
    return initial


class DecisionForm(GovukForm):
    """A supervisor's decision on a contract version or a variation."""

    decision = forms.ChoiceField(
        label="Your decision",
        widget=GovukRadios,
        choices=[("approve", "Approve"), ("refuse", "Refuse")],
        error_messages={"required": "Choose approve or refuse"},
    )
    note = forms.CharField(
        label="Note",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Needed when you refuse, and for every variation",
    )

    @property
    def approved(self) -> bool:
        """Return whether the supervisor approved."""
        return bool(self.cleaned_data["decision"] == "approve")


class SignForm(GovukForm):
    """The person's consent and signature, recorded by the navigator who witnessed it."""

    explanation_given = forms.BooleanField(
        label="I explained the contract to the person in words they understood, including "
        "that they will be prosecuted for the original offence if they do not keep it",
        error_messages={"required": "Confirm that you explained the contract to the person"},
    )
    signature_method = forms.ChoiceField(
        label="How did the person sign?",
        widget=GovukRadios,
        choices=SignatureMethod.choices,
        error_messages={"required": "Choose how the person signed"},
    )
    signature = forms.CharField(
        label="Full name as signed",
        required=False,
        max_length=200,
        help_text="Type the name exactly as the person signed it on the paper copy",
    )
    copy_given = forms.BooleanField(label="The person was given a copy", required=False)
    adjustments = forms.CharField(
        label="Interpreter or other adjustments",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="For example, read aloud; Polish interpreter (name and booking reference)",
    )

    def clean(self) -> dict[str, Any]:
        """Ask for the typed name unless the paper copy is the signature."""
        data = super().clean() or {}
        if (
            data.get("signature_method") == SignatureMethod.TYPED_NAME
            and not (data.get("signature") or "").strip()
        ):
            self.add_error("signature", "Type the person's full name as they signed it")
        return data


class ReasonForm(GovukForm):
    """A variation's reason."""

    reason = forms.CharField(
        label="Reason",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Give a reason for the variation"},
    )


class AddConditionForm(ReasonForm):
    """Ask to add one condition from the catalogue."""

    def __init__(self, *args: Any, spec: ConditionSpec, **kwargs: Any) -> None:
        """Add the condition's parameter fields."""
        super().__init__(*args, **kwargs)
        self.spec = spec
        self.fields.update(spec_fields(spec))

    @property
    def preview(self) -> str:
        """Return the condition's wording with its blanks named."""
        return wording_preview(self.spec)

    def condition_fields(self) -> list[forms.BoundField]:
        """Return the condition's bound fields."""
        return [self[n] for n in spec_fields(self.spec)]

    def choice(self) -> Choice:
        """Return the condition asked for."""
        return choice_for(self.spec, self.cleaned_data)


class RemoveConditionForm(ReasonForm):
    """Ask to remove a condition."""

    code = forms.ChoiceField(label="Condition to remove", widget=GovukRadios)

    def __init__(self, *args: Any, conditions: Sequence[ContractCondition], **kwargs: Any) -> None:
        """Offer the contract's conditions except the mandatory one."""
        super().__init__(*args, **kwargs)
        field = self.fields["code"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            (c.code, c.title) for c in conditions if c.category != Category.NO_REOFFENDING
        ]
        # Fields set after the form's own __init__ keep their order: the reason goes last.
        self.order_fields(["code", "reason"])


class ExtendForm(ReasonForm):
    """Ask to extend the contract, optionally giving more time for one condition."""

    days = forms.IntegerField(
        label="Extend by how many days?",
        min_value=1,
        max_value=MAX_EXTENSION_DAYS,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
    )
    code = forms.ChoiceField(
        label="Also move this condition's due date by the same days", required=False
    )

    def __init__(self, *args: Any, conditions: Sequence[ContractCondition], **kwargs: Any) -> None:
        """Offer the conditions that have a due date."""
        super().__init__(*args, **kwargs)
        field = self.fields["code"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "None")] + [(c.code, c.title) for c in conditions if c.due_on]
        self.order_fields(["days", "code", "reason"])


class ClockDateForm(ReasonForm):
    """Ask to pause the contract from a day, or to restart it on a day."""

    on = GovukDateField(label="Date")

    def __init__(self, *args: Any, label: str, **kwargs: Any) -> None:
        """Name the date for what is asked."""
        super().__init__(*args, **kwargs)
        self.fields["on"].label = label
        self.order_fields(["on", "reason"])


class HoursForm(GovukForm):
    """A day's unpaid community work."""

    worked_on = GovukDateField(label="Day of the work", help_text="For example, 27 3 2027")
    hours = forms.DecimalField(
        label="Hours worked",
        min_value=Decimal("0.25"),
        max_value=Decimal(12),
        max_digits=4,
        decimal_places=2,
        help_text="At most 12 in a day. Use decimals for part hours: 2.5",
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-3"}),
        error_messages={"required": "Enter the hours worked"},
    )
    placement = forms.CharField(
        label="Placement", max_length=200, error_messages={"required": "Enter the placement"}
    )
    verified_by = forms.CharField(
        label="Confirmed by",
        max_length=200,
        help_text="The placement supervisor who confirmed the hours",
        error_messages={"required": "Enter who confirmed the hours"},
    )
    note = forms.CharField(
        label="Note", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class EvidenceForm(GovukForm):
    """Evidence toward a condition: a session, a letter received, days of a tag."""

    code = forms.ChoiceField(label="Condition", error_messages={"required": "Choose a condition"})
    kind = forms.ChoiceField(
        label="What happened",
        widget=GovukRadios,
        choices=[(k.value, k.label) for k in EvidenceKind],
        error_messages={"required": "Choose what happened"},
    )
    occurred_on = GovukDateField(label="Date", help_text="For example, 27 3 2027")
    amount = forms.IntegerField(
        label="How many",
        min_value=1,
        max_value=366,
        initial=1,
        help_text="Sessions on the day, or days of the tag worn",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
    )
    note = forms.CharField(
        label="Note",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Needed for evidence received: say what it was",
    )

    def __init__(self, *args: Any, conditions: Sequence[ContractCondition], **kwargs: Any) -> None:
        """Offer the conditions that take evidence (hours go in the work log)."""
        super().__init__(*args, **kwargs)
        field = self.fields["code"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "Choose")] + [
            (c.code, c.title) for c in conditions if RuleKind(c.rule).accepts
        ]


def today_initial(today: date) -> dict[str, date]:
    """Return initial values that default a date field to today."""
    return {"worked_on": today, "occurred_on": today, "on": today}
