from tests.access import MANAGERS, Spec

SPECS = {
    "structures:member_home": Spec(MANAGERS),
}
