from django.contrib import admin

from alerts.models import Subscription


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    """Followed searches, to see and delete only (a visitor's request to be forgotten, a bouncing address).
    Nobody is subscribed from here: only the visitor's own confirmation makes a subscription. By default only
    superusers see it: no role is given its permissions."""

    list_display = ["email", "search_path", "created", "confirmed_at", "last_sent_at"]
    list_filter = [("confirmed_at", admin.EmptyFieldListFilter)]
    search_fields = ["email"]
    readonly_fields = ["email", "path", "query", "created", "confirmed_at", "last_sent_at"]
    exclude = ["key"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
