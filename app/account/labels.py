"""Words for what was done in a person's name, read from the audit trail."""

from flask_babel import lazy_gettext as _l

ACTION_LABELS = {
    "account.created": _l("Account created"),
    "account.signed_in": _l("Signed in with a code"),
    "account.signed_in_with_passkey": _l("Signed in with a passkey"),
    "account.language": _l("Changed the language"),
    "account.signed_out_everywhere": _l("Signed out everywhere"),
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
    "family.link_requested": _l("Asked to act for you"),
    "family.link_approved": _l("Agreed that a family member acts for you"),
    "family.link_refused": _l("Refused a family member's request"),
    "family.link_approved_on_proof": _l("Linked a family member, having seen proof"),
    "family.link_removed": _l("Ended a family member's link"),
    "account.details": _l("Kept details for the next application"),
    "booking.made": _l("Booked a service"),
    "booking.cancelled": _l("Cancelled a booking"),
    "booking.changed": _l("Changed a booking"),
    "booking.attended": _l("Came to a booked session"),
    "booking.missed": _l("Did not come to a booked session"),
    "booking.lent": _l("A device was lent"),
    "booking.returned": _l("A device was given back"),
}
# What staff do that is about no one resident: not shown on a resident's activity.
STAFF_ACTIONS = ("staff.", "station.", "programme.", "service.")
