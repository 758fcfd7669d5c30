"""A refused request is one line in the log; a bug keeps its traceback (issue 10 §5)."""

import logging

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_403_is_logged_on_one_line_without_a_traceback(customer_contact, client_for, caplog):
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client_for(customer_contact).get(reverse("planning:calendar"))

    assert response.status_code == 403
    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert record.getMessage() == "Forbidden (Permission denied): /planning/calendar/"
    assert record.exc_info is None
    assert "Traceback" not in caplog.text
    assert "PermissionDenied" not in caplog.text


def test_500_keeps_its_traceback(raising_urls, caplog):
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = raising_urls.get("/test-broken/")

    assert response.status_code == 500
    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert record.exc_info is not None
    assert "Traceback" in caplog.text
    assert "RuntimeError: a bug in a view" in caplog.text
