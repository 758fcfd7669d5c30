"""factory_boy factories for the spine. Each app's tests add theirs in tests/<app>/factories.py."""

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from engagements import roles
from engagements.models import Contact, Customer, Engagement
from engagements.services import engagement_create


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="sv_SE")
    last_name = factory.Faker("last_name", locale="sv_SE")
    email = factory.LazyAttribute(lambda u: f"{u.username}@macforum.example")
    password = factory.django.Password("demo")

    @factory.post_generation
    def role(user, create, extracted, **kwargs):
        if extracted:
            user.groups.add(Group.objects.get_or_create(name=extracted)[0])


def _valid_orgnr(n: int) -> str:
    from engagements.validators import luhn_checksum_ok

    digits = f"5560{n:05d}"
    for last in "0123456789":
        if luhn_checksum_ok(digits + last):
            return f"{digits[:6]}-{digits[6:]}{last}"
    raise AssertionError


class CustomerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Customer

    name = factory.Sequence(lambda n: f"Kund {n} AB")
    organisation_number = factory.Sequence(_valid_orgnr)
    city = "Stockholm"


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    customer = factory.SubFactory(CustomerFactory)
    name = factory.Faker("name", locale="sv_SE")
    email = factory.Sequence(lambda n: f"kontakt{n}@kund.example")
    is_primary = False
    user = factory.LazyAttribute(lambda c: UserFactory(username=c.email, email=c.email, role=roles.CUSTOMER))


def make_engagement(*, customer=None, seller=None, consultants=(), coordinator=None, **fields):
    """An engagement made the way the app makes them: through the service."""
    engagement = engagement_create(
        customer=customer or CustomerFactory(),
        title=fields.pop("title", "Filserver till Dropbox"),
        seller=seller or UserFactory(role=roles.SALES),
        coordinator=coordinator,
        user=None,
        **fields,
    )
    if consultants:
        engagement.consultants.set(consultants)
    return engagement


def sign_processor_agreement(
    engagement, *, user=None, signer_name: str = "Anna Åkesson", version: str = "PUB 2026:1"
):
    """The customer's signed processor agreement, recorded through the service: a bulk migration
    may not start without one."""
    from datetime import timedelta

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from engagements.privacy.services import processor_agreement_record

    return processor_agreement_record(
        engagement=engagement,
        user=user or engagement.seller,
        version=version,
        signed_on=timezone.localdate() - timedelta(days=1),
        signer_name=signer_name,
        signer_role="VD",
        document=SimpleUploadedFile("PUB.pdf", AGREEMENT_PDF, content_type="application/pdf"),
    )


# Enough of a PDF for the agreement's file check (its first bytes).
AGREEMENT_PDF = b"%PDF-1.4\n% signed processor agreement\n%%EOF\n"


EngagementFactory = Engagement  # tests import make_engagement; the model is here for type hints
