"""Forms of the figures app."""

from __future__ import annotations

from typing import Any

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
