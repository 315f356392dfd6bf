from app.programmes.definitions import FIELD_TYPES
from app.programmes.forms import BUILDERS


def test_every_question_type_has_one_builder():
    assert set(BUILDERS) == set(FIELD_TYPES)
