"""Sign-in pages: password sign-in, the customer's one-time link, and the lockout answer."""

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth import views as django_auth_views
from django.contrib.auth.signals import user_login_failed
from django.shortcuts import redirect, render

from engagements import two_factor
from engagements.auth import is_customer_contact_only
from engagements.forms import LoginLinkForm
from engagements.sign_in_links import sign_in_link_send


class SignInView(django_auth_views.LoginView):
    """Django's sign-in, which then asks an enrolled member of staff for their second factor.

    With STAFF_TWO_FACTOR_REQUIRED on, the middleware asks every member of staff anyway;
    with it off, this is what makes an enrolled account's code part of signing in.
    """

    def form_valid(self, form):
        response = super().form_valid(form)
        two_factor.expect_second_factor_if_enrolled(self.request)
        return response


def login_link_request(request):
    """Send a one-time sign-in link to a customer contact's address.

    1. Every request counts as one failed sign-in with django-axes (Django's
       user_login_failed signal, which axes records), for the account the address belongs
       to and for the client's address, in the same store as wrong passwords. A locked
       account or address, or the request that reaches the limit, gets the lockout page
       and no e-mail.
    2. A link goes only to a single, unambiguous, active account that is purely a customer
       contact: staff and superusers sign in with a password (and a second factor).
    3. The answer is the same whether or not anything was sent, so the page tells a
       stranger nothing about which addresses have accounts, or which are staff.
    """
    form = LoginLinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        credentials = {"username": email}
        if not AxesProxyHandler.is_allowed(request, credentials):
            return locked_out(request, None, credentials)
        user_login_failed.send(sender=__name__, credentials=credentials, request=request)
        if request.axes_locked_out:  # this request reached the limit
            return locked_out(request, None, credentials)
        users = list(get_user_model().objects.filter(email__iexact=email, is_active=True)[:2])
        if len(users) == 1 and is_customer_contact_only(users[0]):
            sign_in_link_send(user=users[0])
        return redirect("login_link_sent")
    return render(request, "registration/login_link.html", {"form": form})


def login_link_sent(request):
    return render(request, "registration/login_link_sent.html")


def locked_out(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: a page that says what happened and when to try again.

    It names neither the account nor whether it exists: the same page answers an unknown
    address, a known one and a locked-out client address.
    """
    context = {"minutes": settings.SIGNIN_LOCKOUT_MINUTES}
    return render(request, "registration/locked_out.html", context, status=429)
