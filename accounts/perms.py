"""Permissions of the accounts app: `can_<verb>_<thing>(user, ...)`, the only code here that
looks at roles to decide what a user may do."""


def can_invite_national_staff(user) -> bool:
    """Only the national team widens the national team."""
    return bool(getattr(user, "is_national_staff", False) and user.is_active)


def can_change_email(user) -> bool:
    """Network staff change their own login address; managers and partner agents ask the
    network team, since their address is the one their structure or organisation invited."""
    return user.is_authenticated and user.is_active and user.is_network_staff
