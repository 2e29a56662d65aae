"""Forms of the claims app: the list's filters, correcting and rejecting a claim."""

from __future__ import annotations

from django import forms

from ombuds.claims.models import Claim, ClaimStatus
from ombuds.claims.validation import QUALIFIERS

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
    parent = forms.ModelChoiceField(queryset=Claim.objects.none(), required=False)
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), help_text="Why.")

    def __init__(self, *args: object, claim: Claim, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        parent = self.fields["parent"]
        assert isinstance(parent, forms.ModelChoiceField)
        parent.queryset = (
            Claim.objects.filter(source_id=claim.source_id)
            .exclude(pk=claim.pk)
            .order_by("span_start", "ordinal")
        )
        parent.label_from_instance = _claim_label  # type: ignore[method-assign,assignment]


class RejectClaimForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), help_text="Why.")
