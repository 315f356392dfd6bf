"""Forms of the application pages that are not questions of a programme."""

from functools import cache

from flask_babel import gettext as _
from flask_babel import ngettext
from markupsafe import Markup
from wtforms import BooleanField
from wtforms.validators import DataRequired

from app.forms.common import long_text
from app.forms.fields import DocumentsField, Radios
from app.forms.question import QuestionForm
from app.i18n import with_names
from app.programmes.forms import NO, YES
from app.programmes.journey import Page
from app.translations import lazy_gettext as _l


class Declaration(QuestionForm):
    confirm = BooleanField(
        _l("I confirm that my answers are true and complete."),
        validators=[DataRequired(_l("Tick the box to confirm that your answers are true"))],
    )


class MoreInformation(QuestionForm):
    answer = long_text(
        _l("Your answer"),
        required=_l("Enter your answer to the caseworker"),
        limit=1000,
        too_long=_l("Your answer must be 1000 characters or fewer"),
        rows=5,
    )
    files = DocumentsField(
        _l("Add photos or files (optional)"),
        description=_l("JPEG, PNG, HEIC or PDF, up to 10 MB each."),
    )


class Withdraw(QuestionForm):
    sure = Radios(
        _l("Are you sure you want to withdraw this application?"),
        description=_l("The caseworker will stop looking at it. You can apply again later."),
        choices=[("yes", _l("Yes, withdraw it")), ("no", _l("No, keep it"))],
        required=_l("Select yes to withdraw the application, or no to keep it"),
    )


@cache
def add_another(page: Page) -> type[QuestionForm]:
    """The "Do you need to add another?" question of an "add another" group."""
    field = Radios(
        _l(page.group.add_another),
        choices=[("yes", YES), ("no", NO)],
        required=_l(page.group.add_required),
    )
    return type(f"AddAnother_{page.spec.name}", (QuestionForm,), {"add": field})


UPLOAD_MESSAGES = {
    "too_large": _l("%(name)s is larger than 10 MB. Choose a smaller file or take the photo again"),
    "empty": _l("%(name)s is empty. Choose another file"),
    "wrong_type": _l("%(name)s is not a photo or a PDF. Choose a JPEG, PNG, HEIC or PDF file"),
    "damaged": _l(
        "%(name)s could not be opened. It may be damaged. "
        "Take the photo again or choose another file"
    ),
    "too_many_pixels": _l(
        "%(name)s has too many pixels to open. "
        "Take the photo again with the camera's usual settings, or choose another file"
    ),
}


def too_many_files(limit: int) -> str:
    return ngettext(
        "You can add up to %(num)s file here. Remove one before adding another",
        "You can add up to %(num)s files here. Remove one before adding another",
        limit,
    )


def upload_message(refused) -> Markup:
    """Why a file was refused, naming it; the name is isolated, as it may be in any script."""
    return with_names(str(UPLOAD_MESSAGES[refused.reason]), name=refused.filename or _("The file"))
