"""Who may see and change which records in the admin: a partner's staff only their partner's, the secretariat all."""


class PartnerScopedAdmin:
    """Mixin for the admin of a record that belongs to a partner."""
