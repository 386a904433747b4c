import pytest

from network.enums import MembershipStatus, PaymentStatus
from tests.factories import MembershipFactory as StructureMembershipFactory
from tests.factories import UserFactory
from tests.network.factories import CampaignFactory, FederationMembershipFactory


@pytest.fixture
def reminder_world(db):
    campaign = CampaignFactory(year=2030)
    invited = FederationMembershipFactory(campaign=campaign, status=MembershipStatus.INVITED)
    manager = UserFactory(manager=True, email="direction@siae.exemple.test")
    StructureMembershipFactory(user=manager, structure=invited.structure, is_admin=True)
    unpaid = FederationMembershipFactory(
        campaign=campaign,
        status=MembershipStatus.PENDING,
        payment_status=PaymentStatus.DUE,
        contact_email="compta@siae.exemple.test",
    )
    paid = FederationMembershipFactory(
        campaign=campaign,
        status=MembershipStatus.MEMBER,
        payment_status=PaymentStatus.PAID,
        contact_email="ok@siae.exemple.test",
    )
    return {"invited": invited, "unpaid": unpaid, "paid": paid}
