"""Forms of the sources app: upload, metadata, the list's filters and copies of one text."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.conf import settings

from ombuds.core.vocabularies import Confidentiality, DatePrecision
from ombuds.sources.models import Reliability, SourceKind

DATE = forms.DateInput(attrs={"type": "date"})


class MetadataForm(forms.Form):
    title = forms.CharField(max_length=500, required=False)
    kind = forms.ChoiceField(choices=SourceKind.choices, initial=SourceKind.OTHER)
    author = forms.CharField(
        max_length=300, required=False, help_text="The person or institution making the claims."
    )
    publisher = forms.CharField(max_length=300, required=False)
    published = forms.DateField(
        required=False, widget=DATE, help_text="Relative periods (so far, last year) use it."
    )
    published_precision = forms.ChoiceField(
        choices=DatePrecision.choices, initial=DatePrecision.DAY, label="Date known to the"
    )
    language = forms.CharField(max_length=16, required=False, initial="en")
    url = forms.URLField(max_length=1000, required=False, label="URL", assume_scheme="https")
    reliability = forms.ChoiceField(
        choices=Reliability.choices,
        initial=Reliability.UNKNOWN,
        help_text="HURIDOCS reliability of the source.",
    )
    confidentiality = forms.ChoiceField(
        choices=Confidentiality.choices, initial=Confidentiality.PUBLIC
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if not data.get("published"):
            data["published"] = None
            data["published_precision"] = DatePrecision.UNKNOWN
        return data


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field taking one or more files; cleans to a list of them."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        one = super().clean
        if isinstance(data, (list, tuple)):
            if not data:
                return [one(None, initial)]
            return [one(item, initial) for item in data]
        return [one(data, initial)]


class UploadForm(MetadataForm):
    document = MultipleFileField(
        label="Documents",
        allow_empty_file=True,  # reading says why an empty file is refused, file by file
        help_text=(
            "Plain text, Markdown, HTML, PDF or DOCX, or a scan (a PDF of pictures, PNG, "
            "JPEG, TIFF), whose text is read by OCR. Choose several files to add them in the "
            "background, with the metadata below for each."
        ),
        widget=MultipleFileInput(
            attrs={"accept": ".txt,.md,.html,.htm,.pdf,.docx,.png,.jpg,.jpeg,.tif,.tiff"}
        ),
    )
    field_order = ["document"]

    def clean_document(self) -> list[Any]:
        documents: list[Any] = self.cleaned_data["document"]
        limit = settings.OMBUDS_MAX_UPLOAD_BYTES
        # With several files, one too large is reported on the job's page and the others
        # are still added; a single one is refused here.
        if len(documents) == 1 and documents[0].size > limit:
            raise forms.ValidationError(
                f"The file has {documents[0].size:,} bytes, more than the limit of {limit:,}: "
                "split the document or ask an administrator to raise OMBUDS_MAX_UPLOAD_BYTES."
            )
        return documents


class SourceFilterForm(forms.Form):
    title = forms.CharField(required=False)
    kind = forms.ChoiceField(choices=[("", "any kind"), *SourceKind.choices], required=False)
    publisher = forms.CharField(
        required=False, widget=forms.TextInput(attrs={"list": "publishers"})
    )
    published_from = forms.DateField(required=False, widget=DATE, label="Published from")
    published_to = forms.DateField(required=False, widget=DATE, label="until")


class SplitCopyForm(forms.Form):
    reason = forms.CharField(
        max_length=1000, help_text="Why this source does not hold the same text as the others."
    )


SOURCE_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


class JoinCopiesForm(forms.Form):
    other = forms.CharField(
        max_length=300,
        label="Same text as",
        help_text="The other source's id, or the address of its page.",
    )
    reason = forms.CharField(max_length=1000, help_text="Why the two hold one text.")

    def clean_other(self) -> str:
        found = SOURCE_ID.search(self.cleaned_data["other"].lower())
        if found is None:
            raise forms.ValidationError(
                "Give the other source's id or paste the address of its page."
            )
        return found.group()
