"""Which partner a staff account works for, as publishing asks it through the setting PUBLISHING_PARTNER_OF."""


def partner_of(user):
    """The partner a staff account works for, or None (superusers and accounts without a membership)."""
    membership = getattr(user, "membership", None)
    return membership.partner if membership else None


# What partner_of reads from a user, so that publishing loads it along with a list of users (one query).
partner_of.related = ("membership__partner",)
