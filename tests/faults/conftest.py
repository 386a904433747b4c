from tests.e2e.fixtures import live_world, serialized_reference  # noqa: F401
