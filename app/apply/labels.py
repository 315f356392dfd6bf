"""Words for where an application is and what happened to it, as residents read them."""

from flask_babel import gettext as _
from markupsafe import Markup, escape

from app.districts import DISTRICTS
from app.i18n import ltr
from app.models import Status, Step
from app.translations import lazy_gettext as _l

# A programme with more pages than this tells the resident where they are in it.
SHORT_ENOUGH = 8

STATUS_LABELS = {
    Status.DRAFT: _l("Not submitted yet"),
    Status.SUBMITTED: _l("Received"),
    Status.UNDER_REVIEW: _l("Under review"),
    Status.MORE_INFO: _l("More information needed"),
    Status.APPROVED: _l("Approved"),
    Status.REJECTED: _l("Not approved"),
    Status.PAID: _l("Paid"),
    Status.WITHDRAWN: _l("Withdrawn"),
}

STEP_LABELS = {
    Step.SUBMITTED: _l("Application submitted"),
    Step.REVIEW_STARTED: _l("A caseworker started the review"),
    Step.INFORMATION_REQUESTED: _l("The caseworker asked for more information"),
    Step.INFORMATION_GIVEN: _l("You sent more information"),
    Step.APPROVED: _l("Approved"),
    Step.REJECTED: _l("Not approved"),
    Step.PAID: _l("Paid"),
    Step.WITHDRAWN: _l("You withdrew the application"),
}

# Text messages by kind (app/services/messaging.py), as staff read them.
TEXT_KIND_LABELS = {
    "sign_in_code": _l("Sign-in code"),
    "visit_reminder": _l("Reminder of a booking"),
    "loan_due_reminder": _l("Reminder to bring back a device"),
    Step.INFORMATION_REQUESTED: _l("Request for more information"),
    Step.APPROVED: _l("Approved"),
    Step.REJECTED: _l("Not approved"),
    Step.PAID: _l("Paid"),
}


def text_kind_label(kind: str) -> str:
    return str(TEXT_KIND_LABELS[kind])


def status_label(status: str) -> str:
    return str(STATUS_LABELS[status])


def step_label(step: str) -> str:
    return str(STEP_LABELS[step])


def district_name(code: str | None) -> str:
    return str(DISTRICTS[code]) if code in DISTRICTS else ""


def question_caption(programme, page, answers) -> str | Markup:
    """The programme's title; in a long programme, also which question this is, of about how
    many ("about": a later answer may open or close a branch)."""
    position = programme.position(page, answers)
    if position is None or position[1] <= SHORT_ENOUGH:
        return str(programme.title)
    number, total = position
    return escape(_("%(programme)s: question %(num)s of about %(total)s")) % {
        "programme": str(programme.title),
        "num": ltr(number),
        "total": ltr(total),
    }
