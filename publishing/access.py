"""Who may see and change which records in the admin: a partner's staff only their partner's, the secretariat all."""


def partner_of(user):
    """The partner a staff account works for, or None (superusers and accounts without a membership)."""
    membership = getattr(user, "membership", None)
    return membership.partner if membership else None


def is_secretariat(user):
    """Superusers and the lead partner's staff review and publish everyone's content."""
    if not (user.is_active and user.is_staff):
        return False
    if user.is_superuser:
        return True
    partner = partner_of(user)
    return partner is not None and partner.is_lead


class PartnerScopedAdmin:
    """Mixin for the admin of a record that belongs to a partner."""
