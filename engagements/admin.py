from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from engagements import roles
from engagements.errors import PhaseTransitionError
from engagements.models import (
    AuditEntry,
    Contact,
    Customer,
    Engagement,
    PhaseChange,
    StaffProfile,
    WorkerHeartbeat,
)
from engagements.phases import Phase
from engagements.selectors import staff_with_role
from engagements.services import engagement_advance, engagement_create


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0
    fields = ("name", "email", "phone", "role", "is_primary", "user")
    raw_id_fields = ("user",)


@admin.register(Customer)
class CustomerAdmin(admin.ModelAdmin):
    list_display = ("name", "organisation_number", "city", "language", "created_at")
    list_filter = ("language", "city")
    search_fields = ("name", "organisation_number", "contacts__email")
    inlines = [ContactInline]


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    list_display = ("name", "email", "customer", "role", "is_primary")
    list_filter = ("is_primary",)
    search_fields = ("name", "email", "customer__name")
    list_select_related = ("customer",)
    raw_id_fields = ("user",)


class PhaseChangeInline(admin.TabularInline):
    model = PhaseChange
    extra = 0
    can_delete = False
    fields = readonly_fields = ("from_phase", "to_phase", "changed_by", "changed_at", "note_text")

    def has_add_permission(self, request, obj=None):
        return False


def _advance_action(to_phase: Phase):
    def action(modeladmin, request, queryset):
        for engagement in queryset:
            try:
                engagement_advance(engagement=engagement, to_phase=to_phase, user=request.user)
            except PhaseTransitionError as error:
                modeladmin.message_user(request, f"{engagement.reference}: {error.message}", messages.ERROR)

    action.__name__ = f"advance_to_{to_phase.value}"
    action.short_description = _("Move to phase: %(phase)s") % {"phase": to_phase.label}
    return action


@admin.register(Engagement)
class EngagementAdmin(admin.ModelAdmin):
    list_display = (
        "reference",
        "customer",
        "title",
        "phase",
        "seller",
        "coordinator",
        "planned_start",
        "planned_end",
    )
    list_filter = ("phase", "seller", "coordinator", "consultants")
    search_fields = ("reference", "title", "customer__name", "customer__organisation_number")
    list_select_related = ("customer", "seller", "coordinator")
    readonly_fields = ("reference", "phase", "created_at", "updated_at")
    filter_horizontal = ("consultants",)
    date_hierarchy = "created_at"
    inlines = [PhaseChangeInline]
    actions = [_advance_action(phase) for phase in Phase]
    # The people pickers list active staff with the role, never a customer's login.
    STAFF_PICKERS = {"seller": roles.SALES, "coordinator": roles.COORDINATOR, "consultants": roles.CONSULTANT}

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.STAFF_PICKERS:
            kwargs["queryset"] = staff_with_role(self.STAFF_PICKERS[db_field.name])
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in self.STAFF_PICKERS:
            kwargs["queryset"] = staff_with_role(self.STAFF_PICKERS[db_field.name])
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        # New engagements get their reference and first phase row from the service.
        if change:
            super().save_model(request, obj, form, change)
            return
        created = engagement_create(
            customer=obj.customer,
            title=obj.title,
            seller=obj.seller,
            coordinator=obj.coordinator,
            planned_start=obj.planned_start,
            planned_end=obj.planned_end,
            user=request.user,
        )
        obj.pk = created.pk
        obj.reference = created.reference
        obj._state.adding = False


@admin.register(PhaseChange)
class PhaseChangeAdmin(admin.ModelAdmin):
    list_display = ("engagement", "from_phase", "to_phase", "changed_by", "changed_at")
    list_filter = ("to_phase", "from_phase")
    search_fields = ("engagement__reference", "engagement__customer__name", "note")
    list_select_related = ("engagement__customer", "changed_by")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ("at", "action", "engagement", "actor")
    list_filter = ("action",)
    search_fields = ("action", "engagement__reference", "actor__username")
    list_select_related = ("engagement__customer", "actor")
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(admin.ModelAdmin):
    list_display = ("hostname", "seen_at")
    list_filter = ("hostname",)


@admin.register(StaffProfile)
class StaffProfileAdmin(admin.ModelAdmin):
    """Staff phone numbers, shown to customers under "Who to call" on the status page."""

    list_display = ("user", "phone")
    search_fields = ("user__username", "user__first_name", "user__last_name", "phone")
    list_select_related = ("user",)
    raw_id_fields = ("user",)
