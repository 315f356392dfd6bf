"""Where a resident picks up an application, and a "Start now" that had to wait (for signing
in, or for the resident's consent): used by the apply pages, sign-in and the consent page."""

from flask import abort, redirect, session, url_for
from flask_login import current_user

from app import programmes
from app.acting import acting_resident
from app.built_urls import kept_url_for
from app.models import Application
from app.programmes.journey import Page
from app.services import applications, consent
from app.session_keys import PENDING_START


def page_url(application: Application, page: Page, change: bool = False) -> str:
    args = {"change": 1} if change else {}
    return kept_url_for("apply.question", application_id=application.id, slug=page.slug, **args)


def check_url(application: Application) -> str:
    return kept_url_for("apply.check_answers", application_id=application.id)


def resume_url(application: Application) -> str:
    """Where a resident picks up a draft: the first page still to answer, else the check."""
    programme = programmes.get(application.programme) or abort(404)
    unfinished = programme.first_unfinished(application.answers)
    return page_url(application, unfinished) if unfinished else check_url(application)


def start_pending():
    """Finishes a "Start now" pressed before signing in or agreeing; None when there was none.
    Without the resident's consent, the consent page comes first."""
    code = session.get(PENDING_START)
    programme = programmes.get(code) if code else None
    if programme is None:
        return None
    if not consent.has_agreed(acting_resident()):
        return redirect(url_for("rights.consent"))
    session.pop(PENDING_START)
    application = applications.start(programme, acting_resident(), actor=current_user)
    return redirect(resume_url(application))
