"""A section of the territorial figures names the tables it reads when it registers, so that
the cached figures are never served after a write on them."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from structures import figures


def _section(scope):
    return figures.Section({"count": 0}, None)


def test_a_provider_that_names_no_model_is_refused():
    before = dict(figures.PROVIDERS)
    with pytest.raises(TypeError):
        figures.register("unnamed", _section)  # models is required
    with pytest.raises(ImproperlyConfigured, match="names no model"):
        figures.register("unnamed", _section, models=())
    # A model whose bulk writes would replace no version (a plain manager).
    with pytest.raises(ImproperlyConfigured, match="WritesQuerySet"):
        figures.register("unnamed", _section, models=("diagnostics.Hypothesis",))
    with pytest.raises(LookupError):
        figures.register("unnamed", _section, models=("diagnostics.Nothing",))
    assert before == figures.PROVIDERS


def test_every_registered_section_watches_what_it_names():
    assert set(figures.PROVIDERS) == {"scores", "activity", "meetings"}
    for label in (*figures.OWN_SOURCES, "events.Registration", "diagnostics.Answer"):
        assert label in figures.SOURCES.watched
    assert "diagnostics.Visit_partner_participants" in figures.SOURCES.watched
