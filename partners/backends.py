"""The lead partner's staff are the secretariat: this backend gives them publishing's "publish" permission.

It is asked after django-axes' backend and before Django's ModelBackend (settings.AUTHENTICATION_BACKENDS); it
authenticates nobody. The answer is read from the account's membership each time, never cached with Django's
per-user permission cache, so a membership or a partner's role that changes counts at once (as the membership
itself does in partner_of). Inactive accounts hold no permission, as with ModelBackend; superusers hold every
one before any backend is asked.
"""

from partners.access import partner_of
from publishing.access import PUBLISH_PERMISSION


class LeadPartnerBackend:
    """Answers permission questions only. Deliberately not a django.contrib.auth BaseBackend: that one's
    get_user() would make Django's test client log accounts in through this backend, which finds no user."""

    def authenticate(self, request, **credentials):
        return None

    def get_all_permissions(self, user_obj, obj=None):
        if obj is not None or not user_obj.is_active:
            return set()
        partner = partner_of(user_obj)
        return {PUBLISH_PERMISSION} if partner is not None and partner.is_lead else set()

    def has_perm(self, user_obj, perm, obj=None):
        return perm in self.get_all_permissions(user_obj, obj)
