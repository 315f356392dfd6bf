from functools import cache

from app.forms.fields import Radios
from app.forms.question import QuestionForm
from app.programmes.definitions import CheckerSpec
from app.programmes.forms import build_field
from app.translations import lazy_gettext as _l


class DisplaySettings(QuestionForm):
    heading = _l("Display settings")
    group_fields = False
    text = Radios(
        _l("Text size"),
        choices=[("standard", _l("Standard")), ("large", _l("Large text and larger buttons"))],
        required=_l("Select a text size"),
    )
    contrast = Radios(
        _l("Contrast"),
        choices=[("standard", _l("Standard")), ("high", _l("High contrast: yellow on black"))],
        required=_l("Select a contrast"),
    )


@cache
def checker_form(spec: CheckerSpec) -> type[QuestionForm]:
    """The eligibility checker's questions, all on one page."""
    attributes = {field.name: build_field(field) for field in spec.fields}
    attributes.update(heading=_l("Find out what you can apply for"), group_fields=False)
    return type("EligibilityChecker", (QuestionForm,), attributes)
