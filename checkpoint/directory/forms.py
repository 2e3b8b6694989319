"""Forms for the directory and referrals: they check input; services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from checkpoint.directory.details import ServiceDetails, detail_problems
from checkpoint.directory.models import Service
from checkpoint.domain.needs import Pathway, ReferralStatus
from checkpoint.web.forms import GovukDateField, GovukForm, GovukRadios

PATHWAY_CHOICES = [(p.value, p.label) for p in Pathway]
DEFAULT_SHARED = (
    "Name, date of birth, phone number and address; that they are taking part in a police "
    "diversion scheme; and the reason for this referral."
)
NO_CONSENT = (
    "You cannot send a referral unless the person agrees to their details being shared. If "
    "they do not agree, record that support was declined on the pathway instead."
)


class GovukCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes in the design system's markup."""

    template_name = "web/forms/checkboxes.html"


class DirectoryFilterForm(GovukForm):
    """Browse the directory by pathway and area, or search it by words."""

    pathway = forms.ChoiceField(
        label="Pathway", required=False, choices=[("", "All pathways"), *PATHWAY_CHOICES]
    )
    area = forms.ChoiceField(label="Area", required=False)
    q = forms.CharField(label="Name or words", required=False, max_length=100)
    inactive = forms.BooleanField(label="Include inactive services", required=False)

    def __init__(self, *args: Any, areas: list[str], **kwargs: Any) -> None:
        """Offer the force's areas."""
        super().__init__(*args, **kwargs)
        field = self.fields["area"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "All areas"), *((a, a) for a in areas)]

    def chosen_pathway(self) -> Pathway | None:
        """Return the pathway chosen, if any."""
        value = self.cleaned_data.get("pathway") if self.is_valid() else ""
        return Pathway(value) if value else None


class ServiceForm(GovukForm):
    """A directory entry's details."""

    name = forms.CharField(label="Name of the service", max_length=200)
    provider = forms.CharField(label="Provider", max_length=200, help_text="Who runs it.")
    pathways = forms.MultipleChoiceField(
        label="Pathways it supports",
        choices=PATHWAY_CHOICES,
        widget=GovukCheckboxes,
        error_messages={"required": "Choose at least one pathway the service covers"},
    )
    area = forms.CharField(
        label="Area it serves",
        max_length=120,
        required=False,
        help_text="Leave blank if it serves the whole force.",
    )
    phone = forms.CharField(label="Phone", max_length=40, required=False)
    email = forms.CharField(label="Email", max_length=254, required=False)
    website = forms.CharField(label="Website", max_length=200, required=False)
    address = forms.CharField(
        label="Address", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    opening_hours = forms.CharField(
        label="Opening hours", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    notes = forms.CharField(
        label="Notes for navigators",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="How to refer, waiting times, who it suits. No personal details.",
    )

    def __init__(self, *args: Any, areas: list[str] | None = None, **kwargs: Any) -> None:
        """Name the areas already in use in the hint, so entries match."""
        super().__init__(*args, **kwargs)
        if areas:
            self.fields["area"].help_text += f" Areas in use: {', '.join(areas)}."

    def details(self, *, active: bool = True) -> ServiceDetails:
        """Return the entry as the services take it."""
        data = self.cleaned_data
        return ServiceDetails(
            name=data["name"],
            provider=data["provider"],
            pathways=tuple(Pathway(p) for p in data["pathways"]),
            area=data["area"],
            phone=data["phone"],
            email=data["email"],
            address=data["address"],
            website=data["website"],
            opening_hours=data["opening_hours"],
            notes=data["notes"],
            active=active,
        ).cleaned()

    def clean(self) -> dict[str, Any]:
        """Show the directory's checks beside the fields they are about."""
        data = super().clean() or {}
        if self.errors:
            return data
        for name, problem in detail_problems(self.details()):
            self.add_error(name, problem)
        return data


class ReasonForm(GovukForm):
    """The reason for deactivating or reactivating a service."""

    reason = forms.CharField(
        label="Reason",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Give the reason"},
    )


class ServiceChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """Pick a service by name and area."""

    def label_from_instance(self, obj: Service) -> str:
        """Show the name, the provider and where it serves."""
        return f"{obj.name}, {obj.provider} ({obj.area_label})"


class ReferralForm(GovukForm):
    """A referral to a service, with the person's consent to share their details."""

    pathway = forms.ChoiceField(label="Pathway", choices=PATHWAY_CHOICES)
    service = ServiceChoiceField(
        label="Service",
        queryset=Service.objects.none(),
        widget=GovukRadios,
        empty_label=None,
        error_messages={"required": "Choose the service to refer to"},
    )
    reason = forms.CharField(
        label="Why are you referring them?",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    shared_information = forms.CharField(
        label="What will be shared with the service",
        max_length=2000,
        initial=DEFAULT_SHARED,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Share only what the service needs. Read this to the person.",
        error_messages={"required": "Say what will be shared with the service"},
    )
    consent = forms.ChoiceField(
        label="Has the person agreed to these details being shared with the service?",
        widget=GovukRadios,
        choices=[("yes", "Yes, they agreed today"), ("no", "No")],
        error_messages={"required": "Say whether the person agreed to their details being shared"},
    )

    def __init__(self, *args: Any, services: QuerySet[Service], **kwargs: Any) -> None:
        """Offer the services for the chosen pathway."""
        super().__init__(*args, **kwargs)
        field = self.fields["service"]
        assert isinstance(field, ServiceChoiceField)
        field.queryset = services
        self.fields["pathway"].widget = forms.HiddenInput()

    def clean_consent(self) -> str:
        """Stop at the form when the person did not agree: nothing can be sent."""
        value: str = self.cleaned_data["consent"]
        if value != "yes":
            raise forms.ValidationError(NO_CONSENT)
        return value


class ReferralStatusForm(GovukForm):
    """What happened to a referral, from the changes allowed."""

    status = forms.ChoiceField(
        label="What has happened?",
        widget=GovukRadios,
        error_messages={"required": "Choose what has happened"},
    )
    outcome = forms.CharField(
        label="Outcome or reason",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed if the referral was declined or withdrawn, and when it is completed.",
    )

    def __init__(self, *args: Any, options: list[ReferralStatus], **kwargs: Any) -> None:
        """Offer only the changes the referral's status allows."""
        super().__init__(*args, **kwargs)
        field = self.fields["status"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(s.value, s.label) for s in options]


class GapsForm(GovukForm):
    """The period and the waiting time the gaps report looks at."""

    since = GovukDateField(label="Referrals sent from", required=False)
    until = GovukDateField(label="Referrals sent up to", required=False)
    days = forms.IntegerField(
        label="Days a service has to accept a referral",
        min_value=1,
        max_value=365,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
    )

    def clean(self) -> dict[str, Any]:
        """Refuse a period that ends before it starts."""
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", "The end of the period must be on or after its start")
        return data
