"""The names of what a session keeps between pages, in one place: several blueprints read what
another wrote (where to go after signing in, a "Start now" waiting for it), and none of them
imports another's views to know the name."""

# Signing in: the number a code was sent to, the demo's code, where the person was going.
MOBILE = "sign_in_mobile"
DEMO_CODE = "demo_code"
NEXT = "next_url"
# A "Start now" pressed before signing in or agreeing to the use of sensitive information.
PENDING_START = "pending_start"
# Where to go on after the consent page, and after the passkey offered at sign-in.
AFTER_CONSENT = "after_consent"
AFTER_OFFER = "after_passkey_offer"
# An invitation link, shown once to the administrator who made it.
NEW_INVITATION = "new_invitation_link"
# For whom a family member acts now.
ACTING_FOR = "acting_for"
# The eligibility checker's answers, and a booking's answers so far.
CHECKER_ANSWERS = "checker_answers"
BOOKING_DRAFT = "booking_draft"
# An answer sent after the session had ended, kept for the account that typed it.
HELD_ANSWER = "held_answer"
