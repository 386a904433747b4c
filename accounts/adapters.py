from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        """Accounts are made from invitations only (accounts.views.invitation_accept)."""
        return False
