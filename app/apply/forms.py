from flask_babel import lazy_gettext as _l
from wtforms import BooleanField
from wtforms.validators import DataRequired

from app.forms.question import QuestionForm


class Declaration(QuestionForm):
    confirm = BooleanField(
        _l("I confirm that my answers are true and complete."),
        validators=[DataRequired(_l("Tick the box to confirm that your answers are true"))],
    )
