import pytest

from structures.enums import AdhesionStatus, PaymentStatus
from tests.factories import MembershipFactory as StructureMembershipFactory
from tests.factories import UserFactory
from tests.network.factories import AdhesionFactory, CampaignFactory


@pytest.fixture
def reminder_world(db):
    campaign = CampaignFactory(year=2030)
    invited = AdhesionFactory(campaign=campaign, status=AdhesionStatus.INVITED)
    manager = UserFactory(manager=True, email="direction@siae.exemple.test")
    StructureMembershipFactory(user=manager, structure=invited.structure, is_admin=True)
    unpaid = AdhesionFactory(
        campaign=campaign,
        status=AdhesionStatus.PENDING,
        payment_status=PaymentStatus.DUE,
        contact_email="compta@siae.exemple.test",
    )
    paid = AdhesionFactory(
        campaign=campaign,
        status=AdhesionStatus.MEMBER,
        payment_status=PaymentStatus.PAID,
        contact_email="ok@siae.exemple.test",
    )
    return {"invited": invited, "unpaid": unpaid, "paid": paid}
