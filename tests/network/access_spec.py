from tests.access import PARTNERS, STAFF, Spec

SPECS = {
    "network:staff_home": Spec(STAFF),
    "network:partner_home": Spec(PARTNERS),
}
