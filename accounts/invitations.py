"""What accepting an invitation does beyond the account, per role: the extension point.

`accounts` sits below the apps that give a role its meaning: a manager's place in a
structure's team belongs to `structures`. Such an app registers a handler here, from its
`AppConfig.ready`; `invitation_accept` calls the handlers of the invitation's role inside
its transaction, once the account has its role, so `accounts` never imports them.
"""

from collections.abc import Callable

# handler(*, invitation, user) -> None; raising `InvitationError` refuses the acceptance.
AcceptanceHandler = Callable[..., None]

_handlers: dict[str, dict[str, AcceptanceHandler]] = {}


def on_accept(role: str, handler: AcceptanceHandler) -> AcceptanceHandler:
    """Register `handler` for invitations to `role` (once, however often `ready` runs)."""
    _handlers.setdefault(role, {})[f"{handler.__module__}.{handler.__qualname__}"] = handler
    return handler


def acceptance_handlers(role: str) -> list[AcceptanceHandler]:
    return list(_handlers.get(role, {}).values())
