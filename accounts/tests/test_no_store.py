"""Answers to a signed-in user are never kept by a browser or proxy (LGPD); anonymous ones
may be."""

from django.urls import reverse
from rest_framework.test import APIClient

from api.models import ApiToken


def never_stored(response):
    return "no-store" in response.headers.get("Cache-Control", "")


def test_a_case_page_its_pdf_and_the_list_export_are_not_stored(client, analyst, make_case):
    case = make_case()
    client.force_login(analyst)
    for url in [
        reverse("cases:queue"),
        reverse("cases:detail", args=[case.pk]),
        reverse("exports:case_document", kwargs={"pk": case.pk, "fmt": "pdf"}),
        reverse("exports:list", kwargs={"fmt": "csv"}),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert never_stored(response), url
        assert "private" in response.headers["Cache-Control"], url


def test_an_api_answer_to_a_token_is_not_stored(analyst, make_case):
    case = make_case()
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {ApiToken.issue(user=analyst, name='teste')[1]}")
    response = api.get(f"/api/casos/{case.pk}/")
    assert response.status_code == 200
    assert never_stored(response)


def test_anonymous_pages_keep_their_own_caching(client, analyst):
    page = reverse("password_reset_done")  # public, like the substitution notices
    response = client.get(page)
    assert response.status_code == 200
    assert not never_stored(response)
    client.force_login(analyst)
    assert never_stored(client.get(page))
