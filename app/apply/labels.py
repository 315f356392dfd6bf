"""Words for where an application is and what happened to it, as residents read them."""

from flask_babel import lazy_gettext as _l

from app.districts import DISTRICTS
from app.models import Status, Step

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


def status_label(status: str) -> str:
    return str(STATUS_LABELS[status])


def step_label(step: str) -> str:
    return str(STEP_LABELS[step])


def district_name(code: str | None) -> str:
    return str(DISTRICTS[code]) if code in DISTRICTS else ""
