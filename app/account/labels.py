"""Words for what was done in a person's name, read from the audit trail."""

from app.models import Role
from app.translations import lazy_gettext as _l

ACTION_LABELS = {
    "account.created": _l("Account created"),
    "account.signed_in": _l("Signed in with a code"),
    "account.signed_in_with_passkey": _l("Signed in with a passkey"),
    "account.language": _l("Changed the language"),
    "account.signed_out_everywhere": _l("Signed out everywhere"),
    "account.details": _l("Kept details for the next time"),
    "passkey.added": _l("Added a passkey"),
    "passkey.removed": _l("Removed a passkey"),
    "application.started": _l("Started an application"),
    "application.answered": _l("Answered questions of an application"),
    "application.submitted": _l("Submitted an application"),
    "application.review_started": _l("Started reviewing an application"),
    "application.information_requested": _l("Asked for more information"),
    "application.information_given": _l("Sent more information"),
    "application.approved": _l("Approved an application"),
    "application.rejected": _l("Did not approve an application"),
    "application.paid": _l("Recorded a payment"),
    "application.withdrawn": _l("Withdrew an application"),
    "application.assigned": _l("Took an application"),
    "document.added": _l("Added a document"),
    "booking.made": _l("Made a booking"),
    "booking.changed": _l("Changed the time of a booking"),
    "booking.cancelled": _l("Cancelled a booking"),
    "booking.attended": _l("Marked as attended"),
    "booking.missed": _l("Marked as not attended"),
    "booking.lent": _l("Lent a device"),
    "booking.returned": _l("Took a device back"),
    "family.link_requested": _l("Asked to act for you"),
    "family.link_approved": _l("Agreed that a family member acts for you"),
    "family.link_refused": _l("Refused a family member's request"),
    "family.link_approved_on_proof": _l("Linked a family member, having seen proof"),
    "family.link_removed": _l("Ended a family member's link"),
    "consent.given": _l("Agreed to the use of sensitive personal information"),
    "consent.refused": _l("Did not agree to the use of sensitive personal information"),
    "account.closed": _l("Closed the account"),
    "read.application": _l("Looked at your application"),
    "read.document": _l("Looked at your document"),
    "read.resident": _l("Looked at your page in the caseworkers' office"),
}

ROLE_LABELS = {
    Role.RESIDENT: _l("resident"),
    Role.CASEWORKER: _l("caseworker"),
    Role.STATION_STAFF: _l("station staff"),
    Role.ADMIN: _l("administrator"),
}


def role_label(role: str) -> str:
    return str(ROLE_LABELS[Role(role)])
