"""Forms of the registry pages: record editing, list filters, import and export."""

from __future__ import annotations

import json
from typing import Any

from django import forms

from ombuds.registry.importing import KINDS
from ombuds.registry.models import (
    OFFICE_LIST_SLUG,
    SEALED_FIELDS,
    Casualty,
    DamagedObject,
    Displacement,
    Incident,
    MissingPersonCase,
    Person,
    SourceList,
)

DATE = forms.DateInput(attrs={"type": "date"})
CLEAR = "-"


class _LinkedForm(forms.ModelForm):  # type: ignore[type-arg]
    """Incidents and persons are named by external id or id: a select of a million won't do."""

    link_fields: tuple[str, ...] = ()

    evidence = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text="Sources (id or SHA-256) and claims (id) this record rests on, one per line.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Sealed fields are write-only here: the stored value is never put in the page.
        for name in SEALED_FIELDS & set(self.fields):
            self.initial[name] = ""
            if self.instance.pk and getattr(self.instance, name):
                self.fields[name].help_text = (
                    "Stored and sealed: not shown here. Leave empty to keep it, type a new value "
                    f"to replace it, or a single '{CLEAR}' to remove it."
                )
        if self.instance.pk and "evidence" not in self.initial:
            ids = [s.sha256 for s in self.instance.sources.all()]
            ids += [str(c.pk) for c in self.instance.claims.all()]
            self.initial["evidence"] = "\n".join(ids)

    def clean_evidence(self) -> str:
        import uuid

        from ombuds.claims.models import Claim
        from ombuds.sources.models import Source

        sources, claims, unknown = [], [], []
        for line in self.cleaned_data["evidence"].split():
            text = line.strip().lower()
            source = Source.objects.filter(sha256=text).first()
            if source is None:
                try:
                    key = uuid.UUID(text)
                except ValueError:
                    unknown.append(line)
                    continue
                source = Source.objects.filter(pk=key).first()
                claim = None if source else Claim.objects.filter(pk=key).first()
                if claim is not None:
                    claims.append(claim)
                    continue
            if source is None:
                unknown.append(line)
            else:
                sources.append(source)
        if unknown:
            raise forms.ValidationError(
                f"No source or claim has the id {', '.join(unknown)}: copy it from its page."
            )
        self.cleaned_data["evidence_sources"] = sources
        self.cleaned_data["evidence_claims"] = claims
        return str(self.cleaned_data["evidence"])

    def _linked(self, model: Any, field: str, required: bool) -> Any:
        text = (self.cleaned_data.get(f"{field}_ref") or "").strip()
        if not text:
            if required:
                raise forms.ValidationError("Give the external id (or id) of the record.")
            return None
        found = model.objects.filter(external_id=text).first()
        if found is None:
            import uuid

            try:
                found = model.objects.filter(pk=uuid.UUID(text)).first()
            except ValueError:
                found = None
        if found is None:
            raise forms.ValidationError(f"No {field} has the id {text!r}: record it first.")
        return found

    def clean_incident_ref(self) -> Any:
        required = isinstance(self.instance, Casualty)
        self.cleaned_data["incident"] = self._linked(Incident, "incident", required)
        return self.cleaned_data.get("incident_ref")

    def clean_person_ref(self) -> Any:
        required = isinstance(self.instance, MissingPersonCase)
        self.cleaned_data["person"] = self._linked(Person, "person", required)
        return self.cleaned_data.get("person_ref")

    def record_values(self) -> dict[str, Any]:
        names = set(self._meta.fields or ()) | set(self.link_fields)
        values = {k: v for k, v in self.cleaned_data.items() if k in names}
        for name in SEALED_FIELDS & set(values):
            typed = (values[name] or "").strip()
            if typed == CLEAR:
                values[name] = ""
            elif not typed and self.instance.pk:
                del values[name]  # empty keeps the sealed value
        return values


class PersonForm(_LinkedForm):
    name = forms.CharField(max_length=200, help_text="The name as the person writes it.")
    language = forms.CharField(max_length=8, required=False, help_text="az, hy, ru, en …")
    other_names = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Other spellings and transliterations, one per line.",
    )

    class Meta:
        model = Person
        fields = ["sex", "date_of_birth", "birth_precision", "birth_estimated", "nationality",
                  "contact", "id_documents", "external_id", "confidentiality", "consent_scope"]  # fmt: skip
        widgets = {"date_of_birth": DATE, "contact": forms.Textarea(attrs={"rows": 2}),
                   "id_documents": forms.Textarea(attrs={"rows": 2})}  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            names = list(self.instance.names.all())
            if names:
                self.initial.setdefault("name", names[0].name)
                self.initial.setdefault("language", names[0].language)
                self.initial.setdefault("other_names", "\n".join(n.name for n in names[1:]))

    def names(self) -> list[dict[str, str]]:
        first = {"name": self.cleaned_data["name"], "language": self.cleaned_data["language"],
                 "kind": "original"}  # fmt: skip
        others = [
            {"name": line.strip(), "kind": "transliteration", "script": ""}
            for line in self.cleaned_data["other_names"].splitlines()
            if line.strip()
        ]
        return [first, *others]


class IncidentForm(_LinkedForm):
    class Meta:
        model = Incident
        fields = ["incident_type", "date", "date_precision", "date_estimated", "place",
                  "latitude", "longitude", "description", "external_id", "confidentiality",
                  "consent_scope"]  # fmt: skip
        widgets = {"date": DATE}


class CasualtyForm(_LinkedForm):
    incident_ref = forms.CharField(label="Incident (external id or id)")
    person_ref = forms.CharField(label="Person (external id or id)", required=False)
    link_fields = ("incident", "person")

    class Meta:
        model = Casualty
        fields = ["count", "outcome", "status", "age", "age_group", "sex", "external_id",
                  "confidentiality", "consent_scope"]  # fmt: skip


class MissingForm(_LinkedForm):
    person_ref = forms.CharField(label="Person (external id or id)")
    incident_ref = forms.CharField(label="Incident (external id or id)", required=False)
    link_fields = ("incident", "person")

    class Meta:
        model = MissingPersonCase
        fields = ["date_last_seen", "date_precision", "date_estimated", "place_last_seen",
                  "circumstances", "circumstances_text", "status_group", "reporting_relative",
                  "relative_contact", "status", "presumed_alive", "external_id",
                  "confidentiality", "consent_scope"]  # fmt: skip
        widgets = {"date_last_seen": DATE}


class DamageForm(_LinkedForm):
    incident_ref = forms.CharField(label="Incident (external id or id)", required=False)
    link_fields = ("incident",)

    class Meta:
        model = DamagedObject
        fields = ["object_type", "grade", "name", "date", "date_precision", "place", "latitude",
                  "longitude", "external_id", "confidentiality", "consent_scope"]  # fmt: skip
        widgets = {"date": DATE}


class DisplacementForm(_LinkedForm):
    incident_ref = forms.CharField(label="Incident (external id or id)", required=False)
    link_fields = ("incident",)

    class Meta:
        model = Displacement
        fields = ["people", "households", "place_from", "place_to", "period_start",
                  "period_end", "external_id", "confidentiality", "consent_scope"]  # fmt: skip
        widgets = {"period_start": DATE, "period_end": DATE}


FORMS: dict[str, type[_LinkedForm]] = {
    "persons": PersonForm,
    "incidents": IncidentForm,
    "casualties": CasualtyForm,
    "missing": MissingForm,
    "damage": DamageForm,
    "displacement": DisplacementForm,
}


def initial_links(instance: Any) -> dict[str, str]:
    """The reference fields of an existing record, for its edit form."""
    out = {}
    for field in ("incident", "person"):
        linked = getattr(instance, field, None)
        if linked is not None:
            out[f"{field}_ref"] = linked.external_id or str(linked.pk)
    return out


class ImportForm(forms.Form):
    file = forms.FileField(help_text="CSV (UTF-8) or XLSX; the first row names the columns.")
    kind = forms.ChoiceField(choices=[(k, k) for k in KINDS])
    source_list = forms.ModelChoiceField(
        queryset=SourceList.objects.none(),
        label="List",
        required=False,
        empty_label="Office cases",
        help_text="The list the file is (its publisher and date are on the lists page).",
    )
    mapping = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text='Optional JSON: {"column in the file": "field"}.',
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        lists = SourceList.objects.visible_to(user)
        field = self.fields["source_list"]
        field.queryset = lists  # type: ignore[attr-defined]
        field.initial = lists.filter(slug=OFFICE_LIST_SLUG).first()

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError("Upload a .csv or .xlsx file.")
        return upload

    def clean_mapping(self) -> dict[str, str]:
        text = self.cleaned_data["mapping"].strip()
        if not text:
            return {}
        try:
            data = json.loads(text)
        except ValueError:
            raise forms.ValidationError('Write the mapping as JSON: {"column": "field"}.') from None
        if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
            raise forms.ValidationError('Write the mapping as JSON: {"column": "field"}.')
        return data


class ExportForm(forms.Form):
    kind = forms.ChoiceField(choices=[(k, k) for k in KINDS], required=False)
    format = forms.ChoiceField(choices=[("csv", "CSV"), ("xlsx", "XLSX"), ("json", "JSON")])
    aggregate = forms.ChoiceField(
        choices=[
            ("", "records"),
            ("landmine-monitor", "Landmine Monitor table"),
            ("sdg1612", "SDG 16.1.2 table"),
        ],
        required=False,
    )
    audience = forms.ChoiceField(
        choices=[("office", "the office"), ("partners", "partners"), ("public", "the public")],
        initial="partners",
        required=False,
    )
    population = forms.IntegerField(min_value=1, required=False)
    purpose = forms.CharField(
        max_length=300,
        required=False,
        help_text="Required for persons, casualties and missing-person cases: why you need this "
        "personal data. It is kept in the audit log and written on every row of the file.",
    )
    sealed = forms.BooleanField(
        required=False,
        label="Include contacts and identity documents",
        help_text="Only with a purpose that needs them.",
    )


class SourceListForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = SourceList
        fields = ["name", "slug", "publisher", "date", "date_precision", "confidentiality",
                  "description"]  # fmt: skip
        widgets = {"date": DATE, "description": forms.Textarea(attrs={"rows": 2})}


class EstimateForm(forms.Form):
    """The stratum of an estimate and the methods to apply."""

    lists = forms.MultipleChoiceField(
        choices=[],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="None ticked: every list holding someone of the stratum.",
    )
    event = forms.ChoiceField(
        choices=[
            ("any", "any record"),
            ("killed", "killed"),
            ("injured", "injured"),
            ("missing", "missing"),
        ],
        initial="any",
        required=False,
    )
    date_from = forms.DateField(required=False, widget=DATE, label="From")
    date_to = forms.DateField(required=False, widget=DATE, label="To")
    place = forms.CharField(max_length=300, required=False, help_text="Part of the place name.")
    group = forms.ChoiceField(
        choices=[
            ("", "every group"),
            ("civilian", "civilians"),
            ("serviceman", "servicemen"),
            ("deminer", "deminers"),
            ("unknown", "unknown"),
        ],
        required=False,
        label="Victim group",
    )
    sex = forms.ChoiceField(
        choices=[("", "either"), ("male", "male"), ("female", "female"), ("unknown", "unknown")],
        required=False,
    )
    method = forms.ChoiceField(
        choices=[
            ("loglinear", "log-linear models (seconds)"),
            ("both", "log-linear and latent-class (LCMCR, about 15 s)"),
            ("lcmcr", "latent-class (LCMCR) only"),
        ],
        initial="loglinear",
        required=False,
    )
    seed = forms.IntegerField(initial=1, required=False, min_value=0, max_value=2**31 - 1)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        lists = SourceList.objects.visible_to(user)
        self.fields["lists"].choices = [(item.slug, item.name) for item in lists]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            raise forms.ValidationError("The period ends before it starts: swap the dates.")
        return data
