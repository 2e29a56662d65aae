"""Forms of the claims app: the list's filters, correcting, rejecting and adding a claim, and
the review screen's bulk actions."""

from __future__ import annotations

from django import forms

from ombuds.claims.labels import QUALIFIER_WORDS
from ombuds.claims.models import Claim, ClaimStatus
from ombuds.claims.queries import get_claim_by_ordinal, list_claims_near
from ombuds.claims.validation import QUALIFIERS

DATE = forms.DateInput(attrs={"type": "date"})
QUALIFIER_CHOICES = [(q, QUALIFIER_WORDS[q] or "exactly") for q in QUALIFIERS]


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
    qualifier = forms.ChoiceField(choices=QUALIFIER_CHOICES)
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


class AddClaimForm(forms.Form):
    """A claim added by hand: the passage (exact offsets) and what it states."""

    span_start = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    span_end = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    measure = forms.CharField(max_length=32, help_text="What happened: killed, injured, damaged…")
    subject = forms.CharField(max_length=40, help_text="Who or what: civilians, schools…")
    value = forms.DecimalField(max_digits=20, decimal_places=4)
    value_max = forms.DecimalField(
        max_digits=20, decimal_places=4, required=False, help_text="The upper end of a range."
    )
    unit = forms.CharField(max_length=12, initial="count")
    qualifier = forms.ChoiceField(choices=QUALIFIER_CHOICES)
    period_start = forms.DateField(required=False, widget=DATE)
    period_end = forms.DateField(required=False, widget=DATE)
    cause = forms.CharField(max_length=32, required=False)
    place = forms.CharField(max_length=300, required=False)
    reason = forms.CharField(
        initial="the engine missed it", help_text="Why the claim is added by hand."
    )

    VALUE_FIELDS = (
        "measure", "subject", "value", "value_max", "unit", "qualifier", "period_start",
        "period_end", "cause", "place",
    )  # fmt: skip


class BulkForm(forms.Form):
    """One action over the claims selected on the review screen."""

    op = forms.ChoiceField(
        choices=[("confirm", "confirm"), ("set", "set fields"), ("parts", "make parts")]
    )
    claims = forms.CharField(widget=forms.HiddenInput, help_text="Claim ids, comma-separated.")
    period_start = forms.DateField(required=False, widget=DATE)
    period_end = forms.DateField(required=False, widget=DATE)
    cause = forms.CharField(max_length=32, required=False)
    place = forms.CharField(max_length=300, required=False)
    with_parts = forms.BooleanField(required=False, initial=True, label="and their parts")
    total = forms.UUIDField(required=False)
    reason = forms.CharField(required=False, max_length=500)

    def claim_ids(self) -> list[str]:
        return [part for part in self.cleaned_data["claims"].split(",") if part.strip()]
