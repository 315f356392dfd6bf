"""Fixtures of the integration tests."""

import pytest

from tests.integration.url_map import make_world


@pytest.fixture
def world(app, sent):
    """Real objects of every kind, and the values that fill the URL map's rules with them."""
    return make_world(app, sent)
