from flask_babel import lazy_gettext as _l

from app.forms.fields import Radios
from app.forms.question import QuestionForm


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
