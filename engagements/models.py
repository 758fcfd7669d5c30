from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from engagements.notes import system_note_render
from engagements.phases import Phase
from engagements.validators import normalise_organisation_number, validate_organisation_number


class Customer(models.Model):
    class Language(models.TextChoices):
        SWEDISH = "sv", _("Swedish")
        ENGLISH = "en", _("English")

    name = models.CharField(_("company name"), max_length=200)
    organisation_number = models.CharField(
        _("organisation number"),
        max_length=11,
        unique=True,
        validators=[validate_organisation_number],
        help_text=_("Ten digits, like 556677-8899."),
    )
    street_address = models.CharField(_("street address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.SWEDISH
    )
    # Lower-cased name for search: SQLite's LIKE folds only ASCII, and "åkesson" must find
    # "Åkesson Bygg AB" on the embedded database too.
    name_folded = models.CharField(max_length=200, editable=False, db_index=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("customer")
        verbose_name_plural = _("customers")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        # A derived column, kept in step with `name`; not business logic.
        self.name_folded = self.name.casefold()
        if kwargs.get("update_fields") is not None and "name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "name_folded"}
        super().save(*args, **kwargs)

    def clean(self):
        # Stored in one canonical form (NNNNNN-NNNN, ASCII digits), so the unique constraint sees
        # '٥٥٦٠٣٦-٠٧٩٣', '5560360793' and '556036-0793' as the one number they are. Runs after the
        # field validators (which already refused an invalid number) and before the unique check.
        try:
            self.organisation_number = normalise_organisation_number(self.organisation_number)
        except ValidationError:
            pass  # the field's validator has already said what is wrong with it


class Contact(models.Model):
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    role = models.CharField(_("role"), max_length=100, blank=True, help_text=_("E.g. CEO, office manager."))
    is_primary = models.BooleanField(_("primary contact"), default=False)
    # The login of this contact; contacts without one cannot sign in.
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="customer_contact",
    )

    class Meta:
        ordering = ["-is_primary", "name"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        constraints = [
            models.UniqueConstraint(fields=["customer", "email"], name="contact_email_unique_per_customer"),
            models.UniqueConstraint(
                fields=["customer"],
                condition=Q(is_primary=True),
                name="one_primary_contact_per_customer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.customer})"


class StaffProfile(models.Model):
    """What a member of staff's login does not hold: the phone number customers call them on."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="staff_profile",
        verbose_name=_("user"),
    )
    phone = models.CharField(
        _("phone"), max_length=40, blank=True, help_text=_("Shown to customers under “Who to call”.")
    )

    class Meta:
        verbose_name = _("staff profile")
        verbose_name_plural = _("staff profiles")

    def __str__(self) -> str:
        return f"{self.user} {self.phone}"


class EngagementQuerySet(models.QuerySet):
    def with_list_relations(self) -> "EngagementQuerySet":
        return self.select_related("customer", "seller", "coordinator").prefetch_related("consultants")

    def active(self) -> "EngagementQuerySet":
        return self.exclude(phase__in=[Phase.CLOSED, Phase.LOST, Phase.CANCELLED])


class Engagement(models.Model):
    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False)
    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="engagements")
    title = models.CharField(_("title"), max_length=200)
    phase = models.CharField(
        _("phase"), max_length=20, choices=Phase.choices, default=Phase.DISCOVERY, editable=False
    )
    seller = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="engagements_sold",
        verbose_name=_("seller"),
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="engagements_coordinated",
        verbose_name=_("consultant coordinator"),
        null=True,
        blank=True,
    )
    consultants = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="engagements_assigned",
        blank=True,
        verbose_name=_("consultants"),
    )
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    actual_end = models.DateField(_("actual end"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EngagementQuerySet.as_manager()

    class Meta:
        ordering = ["-reference"]
        verbose_name = _("engagement")
        verbose_name_plural = _("engagements")
        constraints = [
            models.CheckConstraint(
                condition=Q(phase__in=Phase.values),
                name="engagement_phase_is_known",
            ),
            models.CheckConstraint(
                condition=Q(planned_end__isnull=True)
                | Q(planned_start__isnull=True)
                | Q(planned_end__gte=models.F("planned_start")),
                name="engagement_planned_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.customer.name}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("engagements:detail", args=[self.pk])


class ReferenceSequence(models.Model):
    """The last number handed out per year, so references are sequential without gaps."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"


class PhaseChange(models.Model):
    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="phase_changes")
    from_phase = models.CharField(max_length=20, choices=Phase.choices, blank=True)
    to_phase = models.CharField(max_length=20, choices=Phase.choices)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    changed_at = models.DateTimeField(auto_now_add=True, db_index=True)
    # A note a person typed, kept as typed; rows written before note keys existed keep their text.
    note = models.TextField(blank=True)
    # A note the system wrote: a key of engagements.notes and its parameters, rendered in the
    # reader's language (`note_text`).
    note_key = models.CharField(max_length=100, blank=True)
    note_params = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["changed_at", "pk"]
        verbose_name = _("phase change")
        verbose_name_plural = _("phase changes")

    def __str__(self) -> str:
        return f"{self.engagement.reference}: {self.from_phase or '-'} → {self.to_phase}"

    @property
    def note_text(self) -> str:
        """The note as the reader reads it: the system's note in the active language, or the typed one."""
        if self.note_key:
            return system_note_render(self.note_key, self.note_params)
        return self.note


class AuditEntry(models.Model):
    """Who changed what, when. Every service that changes state writes one."""

    engagement = models.ForeignKey(
        Engagement, on_delete=models.CASCADE, related_name="audit_entries", null=True, blank=True
    )
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    action = models.CharField(max_length=100, db_index=True)
    details = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"


class WorkerHeartbeat(models.Model):
    """Written by a periodic task, so the admin can see that workers and beat are alive."""

    hostname = models.CharField(max_length=200)
    seen_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-seen_at"]

    def __str__(self) -> str:
        return f"{self.hostname} {self.seen_at:%Y-%m-%d %H:%M}"


class MeetingRequest(models.Model):
    """A first call asked for on the public "Book a meeting" page (issue 15): the answers as given.

    The company and the person are the engagement's customer and contact (anonymised with them);
    this row keeps only what they told us. The figures that discovery works with (users, mail,
    file server, hopes) are also copied into the engagement's discovery record.
    """

    class DataAmount(models.TextChoices):
        UNDER_100_GB = "under_100_gb", _("Less than 100 GB")
        UP_TO_500_GB = "100_500_gb", _("100–500 GB")
        UP_TO_2_TB = "500_gb_2_tb", _("500 GB – 2 TB")
        OVER_2_TB = "over_2_tb", _("More than 2 TB")
        UNKNOWN = "unknown", _("I don't know")

    class SellerChoice(models.TextChoices):
        LINK = "link", _("named in the link")
        CUSTOMER = "customer", _("the customer's seller")
        TURN = "turn", _("next in turn")

    engagement = models.OneToOneField(Engagement, on_delete=models.CASCADE, related_name="meeting_request")
    contact = models.ForeignKey(
        Contact, on_delete=models.SET_NULL, null=True, blank=True, related_name="meeting_requests"
    )
    user_count = models.PositiveIntegerField(_("number of users"))
    data_amount = models.CharField(_("amount of data"), max_length=20, choices=DataAmount.choices)
    file_server = models.CharField(_("files today"), max_length=500, blank=True)
    mail = models.CharField(_("e-mail today"), max_length=100, blank=True)
    hopes = models.TextField(_("hopes"), blank=True, validators=[MaxLengthValidator(2000)])
    preferred_times = models.CharField(_("preferred times"), max_length=500)
    language = models.CharField(_("language"), max_length=2, choices=Customer.Language.choices)
    seller_chosen = models.CharField(_("seller chosen"), max_length=10, choices=SellerChoice.choices)
    known_customer = models.BooleanField(_("already a customer"), default=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("meeting request")
        verbose_name_plural = _("meeting requests")

    def __str__(self) -> str:
        return f"{self.engagement_id} {self.created_at:%Y-%m-%d}"


class SellerRotation(models.Model):
    """Whose turn it is to take the next meeting request: the last seller given one in turn.

    One row (pk 1), locked while the next seller is picked, so two requests at the same moment
    go to two sellers. The username, not a key: a seller who leaves does not lose the place.
    """

    last_username = models.CharField(max_length=150, blank=True)

    def __str__(self) -> str:
        return self.last_username or "-"
