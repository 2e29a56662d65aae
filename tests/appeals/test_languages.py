"""Letters in the office's languages: one appeal, versions in Azerbaijani, Russian and English
sharing its figures, numbers and dates formatted per language, each addressee sent its own."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from ombuds.appeals.actions import (
    do_approve_appeal,
    do_save_addressee,
    do_save_version,
    do_start_next_appeal,
    do_submit_appeal,
)
from ombuds.appeals.dispatch_actions import do_queue_email_dispatch
from ombuds.appeals.errors import WorkflowError
from ombuds.appeals.letters import render
from ombuds.appeals.models import AddresseeCategory, Dispatch
from ombuds.appeals.rendering import compose
from tests.appeals.factories import draft, missing_source

NBSP = "\u00a0"
RU_BODY = "Судьба {{fig missing/people}} человек неизвестна, из них {{fig missing/servicemen}}."
AZ_BODY = "{{fig missing/people}} nəfərin taleyi məlum deyil, onlardan {{fig missing/servicemen}}."


def with_versions():
    missing_source()
    appeal = draft()
    do_save_version(appeal, language="ru", title="Обращение о пропавших", body=RU_BODY,
                    demands="Передать карты минных полей.", acting_user=None)  # fmt: skip
    do_save_version(appeal, language="az", title="İtkin düşənlər haqqında müraciət",
                    body=AZ_BODY, acting_user=None)  # fmt: skip
    return appeal


def shown(doc):
    return "".join(s.get("display", s.get("text", "")) for s in doc["paragraphs"][0])


@pytest.mark.django_db
def test_each_version_prints_the_shared_figures_in_its_language():
    appeal = with_versions()
    first = compose(appeal)
    assert first["languages"] == ["en", "az", "ru"]
    assert shown(first).startswith("We write about the missing: 3,890 people, 3,171")
    russian = compose(appeal, language="ru")
    assert shown(russian) == f"Судьба 3{NBSP}890 человек неизвестна, из них 3{NBSP}171."
    azerbaijani = compose(appeal, language="az")
    assert shown(azerbaijani) == "3.890 nəfərin taleyi məlum deyil, onlardan 3.171."
    assert russian["figures"][0]["note"].startswith(
        "Test Commission, «Commission report», 25 января 2023: «"
    )
    assert azerbaijani["figures"][0]["note"].startswith(
        "Test Commission, “Commission report”, 25 yanvar 2023: “"
    )
    assert russian["labels"]["notes"] == "Примечания"
    assert russian["demands"] == [{"party": "", "text": "Передать карты минных полей."}]
    assert azerbaijani["demands"] == first["demands"]
    assert not [w for w in first["warnings"] if "version" in w]


@pytest.mark.django_db
def test_a_version_citing_other_figures_than_the_first_is_a_warning():
    appeal = with_versions()
    do_save_version(appeal, language="ru", title="Обращение",
                    body="Пропали {{fig missing/people}} человек.", acting_user=None)  # fmt: skip
    warnings = compose(appeal)["warnings"]
    assert "The Русский version does not cite missing · servicemen" in " ".join(warnings)


@pytest.mark.django_db
def test_a_version_is_written_by_the_office_and_refused_after_approval():
    appeal = with_versions()
    with pytest.raises(WorkflowError, match="first version"):
        do_save_version(appeal, language="en", title="x", body="y", acting_user=None)
    with pytest.raises(WorkflowError, match="not a language code"):
        do_save_version(appeal, language="r u", title="x", body="y", acting_user=None)
    approved = do_approve_appeal(do_submit_appeal(appeal, acting_user=None), acting_user=None)
    assert (
        compose(approved, language="az")["paragraphs"]
        == compose(appeal, language="az")["paragraphs"]
    )
    with pytest.raises(WorkflowError, match="approved and frozen"):
        do_save_version(approved, language="ru", title="x", body="y", acting_user=None)
    following = do_start_next_appeal(approved, acting_user=None)
    assert sorted(v.language for v in following.versions.all()) == ["az", "ru"]


@pytest.mark.django_db
def test_the_pdf_and_docx_of_the_russian_version_read_in_russian(client, researcher):
    from docx import Document as Docx

    appeal = with_versions()
    client.force_login(researcher)
    pdf = client.get(reverse("appeals:letter", args=[appeal.pk, "pdf"]) + "?lang=ru")
    assert pdf["Content-Disposition"].endswith(f'filename="{appeal.reference}-ru.pdf"')
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert f"Судьба 3{NBSP}890" in text
    assert "Передать карты минных полей." in text
    assert "Примечания" in text
    assert "25 января 2023" in text
    docx = render(compose(appeal, language="az"), "docx")
    words = "\n".join(p.text for p in Docx(io.BytesIO(docx)).paragraphs)
    assert "3.890 nəfərin taleyi" in words  # the note's mark is a footnote reference


@pytest.mark.django_db(transaction=True)
def test_each_addressee_is_emailed_the_version_in_its_language(mailbox):
    appeal = with_versions()
    desks = [
        do_save_addressee(
            organisation=f"Desk {code} (test)",
            category=AddresseeCategory.NGO,
            emails=f"{code}@example.org",
            language=code,
            synthetic=True,
            acting_user=None,
        )
        for code in ("az", "ru", "en", "fr")
    ]
    approved = do_approve_appeal(do_submit_appeal(appeal, acting_user=None), acting_user=None)
    do_queue_email_dispatch(approved, addressees=desks, acting_user=None)
    call_command("db_worker", batch=True, startup_delay=False, interval=0.1, verbosity=0)
    languages = dict(Dispatch.objects.values_list("addressee__language", "language"))
    assert languages == {"az": "az", "ru": "ru", "en": "en", "fr": "en"}
    expected = {
        "az": ("3.890 [1] nəfərin taleyi", f"{approved.reference}-az.pdf"),
        "ru": (f"Судьба 3{NBSP}890 [1] человек", f"{approved.reference}-ru.pdf"),
        "en": ("We write about the missing: 3,890", f"{approved.reference}.pdf"),
        "fr": ("We write about the missing: 3,890", f"{approved.reference}.pdf"),
    }
    for code, (words, attachment) in expected.items():
        (message,) = mailbox.to(f"{code}@example.org")
        body = message.get_body(preferencelist=("plain",)).get_content()
        assert words in body
        (pdf,) = list(message.iter_attachments())
        assert pdf.get_filename() == attachment
