"""Forms of the figures app."""

from __future__ import annotations

import re
import uuid
from typing import Any
from urllib.parse import unquote

from django import forms

from ombuds.figures.keys import FigureKey
from ombuds.figures.models import FindingState, FindingStatus


class ResolveForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        help_text="Why this is resolved (kept with the finding and in the audit log).",
    )


class FindingFilterForm(forms.Form):
    """The findings page's filters: state (open by default), status, kind, figure key."""

    state = forms.ChoiceField(
        choices=[*FindingState.choices[:3], ("", "All current")],
        required=False,
        initial=FindingState.OPEN,
    )
    status = forms.ChoiceField(choices=[("", "Any status"), *FindingStatus.choices], required=False)
    kind = forms.ChoiceField(choices=[("", "Any kind")], required=False)
    key = forms.CharField(required=False, max_length=600, label="Figure key")

    def __init__(self, *args: Any, kinds: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kind = self.fields["kind"]
        assert isinstance(kind, forms.ChoiceField)
        kind.choices = [("", "Any kind"), *((k, k) for k in kinds)]

    def clean_state(self) -> str:
        # A page opened without filters lists the open findings; "All current" is asked for.
        if "state" not in self.data:
            return FindingState.OPEN.value
        return str(self.cleaned_data["state"])

    def clean_key(self) -> str:
        key = str(self.cleaned_data["key"]).strip()
        if key:
            try:
                FigureKey.from_slug(key)
            except ValueError:
                raise forms.ValidationError(
                    "This is not a figure key: copy it from a figure's page (it looks like "
                    "killed~civilians~~~~2024-05-01~count)."
                ) from None
        return key


SOURCE_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _code(text: str) -> str:
    """What a person types for a measure or subject ("Apartment buildings") as its code."""
    return "_".join(text.strip().lower().split())


class IndexFilterForm(forms.Form):
    """The figures index's filters; each is optional, a wrong one is refused with a message
    and left out."""

    measure = forms.CharField(required=False, max_length=40, help_text="e.g. killed, missing")
    subject = forms.CharField(required=False, max_length=60, help_text="e.g. civilians")
    place = forms.CharField(required=False, max_length=300)
    ends_from = forms.DateField(
        required=False, label="Period ends from", widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_until = forms.DateField(
        required=False, label="until", widget=forms.DateInput(attrs={"type": "date"})
    )
    source = forms.CharField(
        required=False, max_length=300, help_text="A source's id, or the address of its page."
    )

    def clean_measure(self) -> str:
        return _code(self.cleaned_data["measure"])

    def clean_subject(self) -> str:
        return _code(self.cleaned_data["subject"])

    def clean_place(self) -> str:
        return str(self.cleaned_data["place"]).strip()

    def clean_source(self) -> uuid.UUID | None:
        text = str(self.cleaned_data["source"]).strip().lower()
        if not text:
            return None
        found = SOURCE_ID.search(text)
        if found is None:
            raise forms.ValidationError("Give a source's id or paste the address of its page.")
        return uuid.UUID(found.group())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("ends_from"), data.get("ends_until")
        if start and end and start > end:
            self.add_error("ends_until", "The period's end range runs backwards: swap the dates.")
            data.pop("ends_from", None)  # the range as a whole is left out
        return data


class KeyDecisionForm(forms.Form):
    """An editor's word on two figure keys: the key whose claims move, the figure, why."""

    key = forms.CharField(max_length=600, widget=forms.HiddenInput)
    other = forms.CharField(
        max_length=600,
        label="Figure key",
        help_text="The other figure's key: copy it from that figure's page.",
    )
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)

    def _slug(self, name: str) -> FigureKey:
        text = str(self.cleaned_data[name]).strip()
        if "/figures/" in text:  # the address of a figure's page
            text = text.split("/figures/", 1)[1].strip("/")
        try:
            return FigureKey.from_slug(unquote(text))
        except ValueError:
            raise forms.ValidationError(
                "This is not a figure key: copy it from a figure's page (it looks like "
                "killed~civilians~~~~2024-05-01~count)."
            ) from None

    def clean_key(self) -> FigureKey:
        return self._slug("key")

    def clean_other(self) -> FigureKey:
        return self._slug("other")
