import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_user_logs_in_and_sees_the_dashboard(browser_login, viewer, live_server):
    page = browser_login(viewer, "pw-viewer")

    page.wait_for_url(f"{live_server.url}/")
    assert page.locator("h1").inner_text() == "Dashboard"
    assert "viewer-user" in page.locator(".who").inner_text()


def test_wrong_password_stays_on_the_login_page(browser_login, viewer, live_server):
    page = browser_login(viewer, "not-the-password")

    assert "/login/" in page.url
    assert "did not match" in page.locator(".error").inner_text()
