"""Forms of the figures app."""

from __future__ import annotations

from django import forms


class ResolveForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        help_text="Why this is resolved (kept with the finding and in the audit log).",
    )
