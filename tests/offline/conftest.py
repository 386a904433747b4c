"""Small worlds of the events tests (factories), shared with the offline attendance tests."""

from tests.events.conftest import (  # noqa: F401 - fixtures by name
    guyane_staff,
    normandie_staff,
    structure_a,
)
