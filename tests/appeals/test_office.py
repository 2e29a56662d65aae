"""The office profile: letterhead and signature per language in the page, PDF and DOCX, an
audited change, and refusals that leave everything as it was."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from docx import Document as Docx
from PIL import Image
from pypdf import PdfReader

from ombuds.appeals.actions import (
    do_approve_appeal,
    do_create_appeal,
    do_save_version,
    do_submit_appeal,
)
from ombuds.appeals.errors import OfficeError
from ombuds.appeals.letters import render
from ombuds.appeals.models import Office, OfficeWording
from ombuds.appeals.office_actions import do_save_office
from ombuds.appeals.rendering import compose
from ombuds.core.models import AuditEvent
from tests.appeals.factories import BODY, draft, missing_source
from tests.appeals.test_docx import footnotes

pytestmark = pytest.mark.django_db
WORDINGS = {
    "en": {
        "name": "Office of the Commissioner for Human Rights",
        "signatory_name": "A. Aliyeva",
        "signatory_title": "Commissioner",
    },
    "ru": {
        "name": "Аппарат Уполномоченного по правам человека",
        "signatory_name": "А. Алиева",
        "signatory_title": "Уполномоченный",
    },
}


def png(colour: str = "navy") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (120, 40), colour).save(buffer, "PNG")
    return buffer.getvalue()


def profile(**changes: object) -> Office:
    fields: dict[str, object] = {
        "address": "40 Uzeyir Hajibeyov Street\nBaku AZ1000",
        "reference_pattern": "No. {number}/{year}",
        "wordings": WORDINGS,
        "logo": ("logo.png", png()),
        **changes,
    }
    return do_save_office(**fields, acting_user=None)  # type: ignore[arg-type]


def unsigned_draft():
    missing_source()
    return do_create_appeal(title="Appeal on the missing", body=BODY, place="Baku",
                            letter_date=dt.date(2026, 3, 1), acting_user=None)  # fmt: skip


def test_the_letter_carries_the_letterhead_and_signatory_of_its_language():
    profile()
    appeal = unsigned_draft()
    do_save_version(appeal, language="ru", title="Обращение",
                    body="Пропали {{fig missing/people}} человек.", acting_user=None)  # fmt: skip
    number = int(appeal.reference.rsplit("-", 1)[1])
    english = compose(appeal)
    assert english["office"]["name"] == [WORDINGS["en"]["name"]]
    assert english["office"]["address"] == ["40 Uzeyir Hajibeyov Street", "Baku AZ1000"]
    assert english["office"]["reference_line"] == f"No. {number}/2026"
    assert english["signatory"] == ["A. Aliyeva", "Commissioner", WORDINGS["en"]["name"]]
    russian = compose(appeal, language="ru")
    assert russian["office"]["name"] == [WORDINGS["ru"]["name"]]
    assert russian["signatory"] == ["А. Алиева", "Уполномоченный", WORDINGS["ru"]["name"]]
    html = render(russian, "html").decode()
    assert WORDINGS["ru"]["name"] in html
    assert "Baku AZ1000" in html
    assert 'class="logo" src="data:image/png;base64,' in html


def test_an_appeals_own_signature_signs_it_under_the_offices_letterhead():
    profile()
    missing_source()
    doc = compose(draft())  # signed "Test Signatory / Test Office"
    assert doc["signatory"] == ["Test Signatory", "Test Office"]
    assert doc["office"]["name"] == [WORDINGS["en"]["name"]]


def test_the_pdf_prints_the_letterhead_reference_line_and_signature():
    profile()
    appeal = unsigned_draft()
    number = int(appeal.reference.rsplit("-", 1)[1])
    reader = PdfReader(io.BytesIO(render(compose(appeal), "pdf")))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert WORDINGS["en"]["name"] in text
    assert "40 Uzeyir Hajibeyov Street" in text
    assert f"No. {number}/2026" in text
    assert "A. Aliyeva" in text
    assert "Commissioner" in text
    assert any(page.images for page in reader.pages)  # the logo


def test_the_docx_prints_the_letterhead_with_the_logo_and_keeps_its_footnotes():
    profile()
    appeal = unsigned_draft()
    number = int(appeal.reference.rsplit("-", 1)[1])
    data = render(compose(appeal), "docx")
    text = "\n".join(p.text for p in Docx(io.BytesIO(data)).paragraphs)
    assert WORDINGS["en"]["name"] in text
    assert "40 Uzeyir Hajibeyov Street\nBaku AZ1000" in text
    assert f"No. {number}/2026" in text
    assert "A. Aliyeva\nCommissioner" in text
    assert "{{" not in text
    assert "{%" not in text
    notes = footnotes(data)
    assert list(notes) == ["1", "2", "3"]
    assert notes["3"] == "See note 1."
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert any(name.startswith("word/media/") for name in package.namelist())
    assert Docx(io.BytesIO(data)).core_properties.author == WORDINGS["en"]["name"]


def test_a_change_is_audited_with_old_and_new_values():
    profile()
    profile(reference_pattern="{reference}", logo=None)
    first, second = AuditEvent.objects.filter(action="update_office").order_by("at", "id")
    assert first.changes["reference_pattern"] == ["", "No. {number}/{year}"]
    assert first.changes["wordings"][1]["ru"]["signatory_name"] == "А. Алиева"
    assert second.changes["reference_pattern"] == ["No. {number}/{year}", "{reference}"]
    assert "logo" not in second.changes  # kept


def test_an_approved_letter_keeps_the_letterhead_it_was_approved_with(editor):
    profile()
    appeal = unsigned_draft()
    do_submit_appeal(appeal, acting_user=None)
    appeal = do_approve_appeal(appeal, acting_user=editor)
    profile(
        wordings={"en": {**WORDINGS["en"], "name": "A renamed office"}}, logo=("b.png", png("red"))
    )
    assert compose(appeal)["office"]["name"] == [WORDINGS["en"]["name"]]
    assert compose(draft())["office"]["name"] == ["A renamed office"]
    assert compose(appeal)["office"]["logo"] != Office.objects.get().logo.name


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"reference_pattern": "No. {number"}, "cannot be read"),
        ({"reference_pattern": "No. {serial}/{year}"}, "names serial"),
        ({"logo": ("logo.png", b"not an image at all")}, "not a PNG or JPEG image"),
        ({"wordings": {"fr": {"name": "Bureau"}}}, "not one of the office's languages"),
        (
            {"wordings": {"en": {"name": "", "signatory_name": "A. Aliyeva"}}},
            "Give the office's name",
        ),
    ],
)
def test_bad_input_is_refused_with_a_message_and_changes_nothing(tmp_path, changes, message):
    profile()
    before = (Office.objects.get().reference_pattern, OfficeWording.objects.count())
    stored = sorted(p.name for p in (tmp_path / "files").rglob("*") if p.is_file())
    with pytest.raises(OfficeError, match=message):
        profile(**changes)
    assert (Office.objects.get().reference_pattern, OfficeWording.objects.count()) == before
    assert sorted(p.name for p in (tmp_path / "files").rglob("*") if p.is_file()) == stored
    assert AuditEvent.objects.filter(action="update_office").count() == 1


def test_only_an_admin_edits_the_profile(client, editor, admin_user):
    from django.urls import reverse

    client.force_login(editor)
    assert client.get(reverse("appeals:office")).status_code == 403
    client.force_login(admin_user)
    assert client.get(reverse("appeals:office")).status_code == 200
    response = client.post(
        reverse("appeals:office"),
        {
            "address": "1 Street",
            "reference_pattern": "No. {number}/{year}",
            "name_en": "The Office",
            "signatory_name_en": "A. Signatory",
            "signatory_title_en": "Commissioner",
            "logo": io.BytesIO(png()),
        },
        follow=True,
    )
    assert "Office profile saved" in response.content.decode()
    office = Office.objects.get()
    assert office.logo
    assert office.wordings.get(language="en").name == "The Office"
    refused = client.post(reverse("appeals:office"), {"reference_pattern": "No. {x}"})
    assert "names x, which it does not know" in refused.content.decode()
    assert Office.objects.get().reference_pattern == "No. {number}/{year}"


def test_verify_names_a_frozen_letters_logo_changed_or_missing():
    from click.testing import CliRunner
    from django.core.files.storage import default_storage

    from ombuds.cli import main

    profile()
    appeal = unsigned_draft()
    do_submit_appeal(appeal, acting_user=None)
    appeal = do_approve_appeal(appeal, acting_user=None)
    logo = appeal.frozen["office"]["logo"]
    assert CliRunner().invoke(main, ["verify"]).exit_code == 0
    with default_storage.open(logo, "wb") as stored:
        stored.write(png("red"))
    result = CliRunner().invoke(main, ["verify"])
    assert result.exit_code == 1
    assert f"appeal {appeal.reference}: its letterhead's logo {logo} was changed" in result.output
    default_storage.delete(logo)
    assert f"its letterhead's logo {logo} is missing" in CliRunner().invoke(main, ["verify"]).output
