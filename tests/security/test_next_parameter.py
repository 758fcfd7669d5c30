"""A `next` that is a bare word was read by redirect() as a view name: a 500 the fuzz found."""

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("target", ["²", "home-ish", "javascript:alert(1)", "//evil.example/"])
def test_the_second_factor_page_sends_an_unusable_next_home(sales, client_for, target):
    response = client_for(sales).get(reverse("two_factor:verify"), {"next": target})

    assert response.status_code == 302
    assert response["Location"] == resolve_url(settings.LOGIN_REDIRECT_URL)
