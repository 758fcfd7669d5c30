"""Sign-in for customer contacts by a one-time link sent to their e-mail."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from sesame.utils import get_query_string

from engagements.forms import LoginLinkForm


def login_link_request(request):
    form = LoginLinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        users = list(get_user_model().objects.filter(email__iexact=email, is_active=True)[:2])
        # Send only to a single, unambiguous account, and say the same thing either way so
        # the page does not tell a stranger which addresses have accounts.
        if len(users) == 1:
            link = settings.SITE_URL + reverse("login_link_use") + get_query_string(users[0])
            body = render_to_string("registration/login_link_email.txt", {"link": link})
            send_mail(_("Your sign-in link to Macforum Projects"), body, None, [users[0].email])
        return redirect("login_link_sent")
    return render(request, "registration/login_link.html", {"form": form})


def login_link_sent(request):
    return render(request, "registration/login_link_sent.html")
