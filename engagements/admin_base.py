"""Bases for admin pages that only look: the apps' pages and services make every change, with
their rules and their audit, so the admin must not go around them."""

from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class FrozenAdmin(ReadOnlyAdmin):
    """Not deleted here either: records others stand on (a sent quote, a recorded acceptance)."""

    def has_delete_permission(self, request, obj=None):
        return False
