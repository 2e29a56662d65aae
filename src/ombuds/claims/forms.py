"""Forms of the claims app: the list's filters, correcting and rejecting a claim."""

from __future__ import annotations

from django import forms

from ombuds.claims.actions import QUALIFIERS
from ombuds.claims.models import Claim, ClaimStatus
from ombuds.claims.queries import get_claim_by_ordinal, list_claims_near

DATE = forms.DateInput(attrs={"type": "date"})


class ClaimFilterForm(forms.Form):
    measure = forms.CharField(required=False)
    subject = forms.CharField(required=False)
    cause = forms.CharField(required=False, help_text="'none' for claims without a cause")
    source = forms.UUIDField(required=False)
    status = forms.ChoiceField(choices=[("", "any"), *ClaimStatus.choices], required=False)
    period_from = forms.DateField(required=False, widget=DATE, label="Period overlaps from")
    period_to = forms.DateField(required=False, widget=DATE, label="until")


def _claim_label(claim: Claim) -> str:
    return f"[{claim.ordinal}] {claim.measure} {claim.subject} = {claim.value_display}"


class CorrectClaimForm(forms.Form):
    """The correctable fields, pre-filled with the claim's values, and a reason."""

    measure = forms.CharField(max_length=32)
    subject = forms.CharField(max_length=40)
    value = forms.DecimalField(max_digits=20, decimal_places=4)
    value_max = forms.DecimalField(max_digits=20, decimal_places=4, required=False)
    unit = forms.CharField(max_length=12)
    qualifier = forms.ChoiceField(choices=[(q, q) for q in QUALIFIERS])
    period_start = forms.DateField(required=False, widget=DATE)
    period_end = forms.DateField(required=False, widget=DATE)
    cause = forms.CharField(max_length=32, required=False)
    place = forms.CharField(max_length=300, required=False)
    parent = forms.IntegerField(
        required=False,
        min_value=1,
        label="Part of claim no.",
        help_text="The number [n] of the claim this one is a part of, in the same source; "
        "empty for none. Nearby claims are suggested.",
    )
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), help_text="Why.")

    def __init__(self, *args: object, claim: Claim, **kwargs: object) -> None:
        initial = kwargs.get("initial")
        if isinstance(initial, dict) and isinstance(initial.get("parent"), Claim):
            initial = {**initial, "parent": initial["parent"].ordinal}
            kwargs["initial"] = initial
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.claim = claim
        # A source may hold 100,000 claims: suggest the neighbours, never list them all.
        self.parent_suggestions = [(c.ordinal, _claim_label(c)) for c in list_claims_near(claim)]
        self.fields["parent"].widget.attrs["list"] = "parent-suggestions"

    def clean_parent(self) -> Claim | None:
        ordinal = self.cleaned_data.get("parent")
        if ordinal is None:
            return None
        if ordinal == self.claim.ordinal:
            raise forms.ValidationError("A claim cannot be a part of itself.")
        parent = get_claim_by_ordinal(self.claim.source_id, ordinal)
        if parent is None:
            raise forms.ValidationError(f"The source has no claim [{ordinal}].")
        return parent


class RejectClaimForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), help_text="Why.")
