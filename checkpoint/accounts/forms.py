"""The sign-in form in the design system's markup."""

from django.contrib.auth.forms import AuthenticationForm

from checkpoint.web.forms import GovukRenderer


class SignInForm(AuthenticationForm):
    """Username and password, with GOV.UK classes."""

    default_renderer = GovukRenderer

    def __init__(self, *args: object, **kwargs: object) -> None:
        """Add the design system's classes and autocomplete hints."""
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["username"].widget.attrs.update(
            {
                "class": "govuk-input govuk-input--width-20",
                "autocomplete": "username",
                "spellcheck": "false",
            }
        )
        self.fields["password"].widget.attrs.update(
            {"class": "govuk-input govuk-input--width-20", "autocomplete": "current-password"}
        )
