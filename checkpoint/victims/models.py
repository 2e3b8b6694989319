"""Victims' records, kept apart from the person referred (Data Protection Act 2018 s38(3)).

A victim is never a `people.Person`: their details live only here, and only victim liaison
officers and the team's supervisors see how to contact them (`checkpoint.victims.selectors`).
"""

from django.conf import settings
from django.db import models


class RestorativeOption(models.TextChoices):
    """The restorative approach the victim chose for the contract's victim condition."""

    NONE = "none", "None"
    LETTER_OF_APOLOGY = "letter_of_apology", "Letter of apology"
    REPARATION = "reparation", "Reparation"
    RESTORATIVE_MEETING = "restorative_meeting", "Restorative meeting"
    OTHER = "other", "Other"


class ContactWay(models.TextChoices):
    """How the victim was, or prefers to be, contacted."""

    PHONE = "phone", "Phone"
    EMAIL = "email", "Email"
    LETTER = "letter", "Letter"
    IN_PERSON = "in_person", "In person"
    OTHER = "other", "Other"


class Victim(models.Model):
    """A victim of a case's offence: their contact details, views and restorative wishes."""

    case = models.ForeignKey("casework.Case", on_delete=models.PROTECT, related_name="victims")
    name = models.CharField(max_length=200)
    # Contact details: victim liaison officers and the team's supervisors only.
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    address = models.TextField(blank=True)
    preferred_contact = models.CharField(max_length=12, choices=ContactWay.choices, blank=True)
    contact_notes = models.TextField(blank=True, help_text="For example, times to avoid.")
    wants_updates = models.BooleanField(default=True)
    # The victim's views of the offence and of diversion: not shared with the navigator.
    views = models.TextField(blank=True)
    # What the navigator needs for the contract's victim condition, and nothing more.
    restorative_option = models.CharField(
        max_length=24, choices=RestorativeOption.choices, default=RestorativeOption.NONE
    )
    restorative_wishes = models.TextField(blank=True)
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField()

    class Meta:
        ordering = ["case", "recorded_at", "id"]

    def __str__(self) -> str:
        return f"Victim {self.pk} of {self.case_id}"


class VictimUpdate(models.Model):
    """An update given to a victim: when, how, what was said and by whom."""

    victim = models.ForeignKey(Victim, on_delete=models.PROTECT, related_name="updates")
    given_on = models.DateField()
    method = models.CharField(max_length=12, choices=ContactWay.choices)
    summary = models.TextField(help_text="What the victim was told, and anything they said.")
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-given_on", "-recorded_at", "-id"]

    def __str__(self) -> str:
        return f"Update to victim {self.victim_id} on {self.given_on}"
