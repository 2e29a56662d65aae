"""Forms of the appeals pages: they parse and check input; the actions write."""

from __future__ import annotations

from django import forms
from django.conf import settings

from ombuds.appeals.languages import DEFAULT_LANGUAGE, LANGUAGES
from ombuds.appeals.models import (
    Addressee,
    AddresseeCategory,
    Channel,
    DemandStatus,
    ResponseKind,
)

DATE = forms.DateInput(attrs={"type": "date"})
WIDE = forms.TextInput(attrs={"class": "wide"})


class AppealForm(forms.Form):
    title = forms.CharField(max_length=500)
    body = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 18, "class": "rich-body"}),
        help_text="Insert figures with “Insert a figure” below, or type them as "
        "{{fig killed/civilians cause=landmine from=2020-11-10 to=2023-01-25}} "
        "(see docs/appeals.md).",
    )
    signatory = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Name, then office. Blank: the office's signatory in the letter's language "
        "(office profile).",
    )
    place = forms.CharField(max_length=200, required=False)
    letter_date = forms.DateField(required=False, widget=DATE, help_text="Blank: today.")
    language = forms.ChoiceField(
        choices=list(LANGUAGES.items()),
        initial=DEFAULT_LANGUAGE,
        required=False,
        help_text="The language of this text; add versions in other languages on its page.",
    )
    figures_since = forms.DateField(
        required=False,
        widget=DATE,
        label="Warn about figures older than",
        help_text="A figure whose latest claim (or period end) is before this day gets a "
        "warning. Blank: older than the office's default age "
        f"({settings.OMBUDS_APPEAL_FIGURE_AGE_DAYS} days).",
    )
    addressees = forms.ModelMultipleChoiceField(
        queryset=Addressee.objects.all(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 10}),
    )


class VersionForm(forms.Form):
    title = forms.CharField(max_length=500)
    body = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 18, "class": "rich-body"}),
        help_text="Written by the office in this language, with the same figure references as "
        "the first version: the figures are shared, their numbers and dates formatted for "
        "this language.",
    )
    signatory = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Blank: the first version's.",
    )
    place = forms.CharField(max_length=200, required=False, help_text="Blank: the first's.")
    demands = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="The demands in this language, one a line, in the same order; blank: the "
        "first version's.",
    )


class DemandForm(forms.Form):
    party = forms.CharField(max_length=300, help_text="Who is asked to act.")
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label="What is asked")


class DemandStatusForm(forms.Form):
    status = forms.ChoiceField(choices=DemandStatus.choices)
    evidence = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)


class EmailDispatchForm(forms.Form):
    addressees = forms.ModelMultipleChoiceField(
        queryset=Addressee.objects.exclude(emails=""),
        widget=forms.CheckboxSelectMultiple,
        help_text="Only addressees with an email address are listed.",
    )


class ManualDispatchForm(forms.Form):
    addressee = forms.ModelChoiceField(queryset=Addressee.objects.all())
    channel = forms.ChoiceField(choices=[(Channel.POST, "Post"), (Channel.HAND, "By hand")])
    sent_on = forms.DateField(widget=DATE)
    note = forms.CharField(required=False, max_length=2000)


class ResendForm(forms.Form):
    reason = forms.CharField(
        max_length=2000,
        label="Why send it again",
        help_text="For example: no entry for its Message-ID in the mail server's log (kept in "
        "the audit log).",
    )


class ReleaseForm(forms.Form):
    reason = forms.CharField(
        max_length=2000,
        label="Why release it",
        help_text="For example: what the mail server's log shows for its Message-ID "
        "(kept in the audit log).",
    )


class ResponseForm(forms.Form):
    received_on = forms.DateField(widget=DATE)
    sender = forms.CharField(max_length=300, label="From")
    kind = forms.ChoiceField(choices=ResponseKind.choices)
    summary = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))
    file = forms.FileField(required=False, help_text="The reply itself, if you have it.")

    def clean_file(self):  # type: ignore[no-untyped-def]
        upload = self.cleaned_data.get("file")
        if upload is not None and upload.size > settings.OMBUDS_MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                f"The file is larger than {settings.OMBUDS_MAX_UPLOAD_BYTES} bytes: "
                "attach a smaller copy."
            )
        return upload


class AddresseeForm(forms.Form):
    organisation = forms.CharField(max_length=300)
    category = forms.ChoiceField(choices=AddresseeCategory.choices)
    emails = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2}), help_text="One a line."
    )
    postal_address = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    language = forms.CharField(max_length=16, required=False, initial="en")
    reply_days = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=3650,
        help_text="Days to wait for its reply before it is overdue; blank: the office's default.",
    )
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))


class OfficeForm(forms.Form):
    """The office profile; the name and signatory fields per language are added in __init__."""

    address = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Printed under the office's name on every letter, one line a line.",
    )
    reference_pattern = forms.CharField(
        required=False,
        max_length=100,
        widget=WIDE,
        label="Reference line",
        help_text="For example No. {number}/{year}: {reference} is the appeal's reference "
        "(APL-2026-0001), {number} its number (1), {year} the letter's year. Blank: "
        "“Ref. APL-2026-0001” in the letter's language.",
    )
    logo = forms.FileField(required=False, help_text="PNG or JPEG, at most 2 MB.")
    remove_logo = forms.BooleanField(required=False, label="Remove the logo")

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for code, name in LANGUAGES.items():
            self.fields[f"name_{code}"] = forms.CharField(
                required=False, max_length=300, label=f"Office's name ({name})", widget=WIDE
            )
            self.fields[f"signatory_name_{code}"] = forms.CharField(
                required=False, max_length=200, label=f"Who signs ({name})", widget=WIDE
            )
            self.fields[f"signatory_title_{code}"] = forms.CharField(
                required=False, max_length=300, label=f"Their title ({name})", widget=WIDE
            )

    def general_fields(self) -> list[forms.BoundField]:
        """The fields that are the same in every language."""
        return [self[name] for name in ("address", "reference_pattern", "logo", "remove_logo")]

    def language_fields(self) -> list[tuple[str, list[forms.BoundField]]]:
        """Each language's name and its three fields, to show in a group of their own."""
        return [
            (
                name,
                [self[f"{part}_{code}"] for part in ("name", "signatory_name", "signatory_title")],
            )
            for code, name in LANGUAGES.items()
        ]

    def wordings(self) -> dict[str, dict[str, str]]:
        """The cleaned name and signatory per language."""
        data = self.cleaned_data
        return {
            code: {
                "name": data.get(f"name_{code}", ""),
                "signatory_name": data.get(f"signatory_name_{code}", ""),
                "signatory_title": data.get(f"signatory_title_{code}", ""),
            }
            for code in LANGUAGES
        }


class TemplateForm(forms.Form):
    template = forms.FileField(
        label="Word template (.docx)",
        help_text="Start from the template in use (download it above) and keep its tags.",
    )
