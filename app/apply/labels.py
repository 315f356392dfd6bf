"""Words for application states, as residents read them."""

from flask_babel import lazy_gettext as _l

from app.models import Status

STATUS_LABELS = {
    Status.DRAFT: _l("Not submitted yet"),
    Status.SUBMITTED: _l("Received"),
}
