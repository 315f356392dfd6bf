"""Pages anyone can read: home, accessibility statement, privacy notice, display settings."""

from flask import Blueprint, current_app, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _

from app import preferences, programmes
from app.programmes import facts
from app.public.forms import DisplaySettings, checker_form
from app.session_keys import CHECKER_ANSWERS
from app.visitor_pages import kept_for_visitors

bp = Blueprint("public", __name__)


@bp.get("/")
@kept_for_visitors
def home():
    return render_template("public/home.html", programmes=programmes.all_programmes())


@bp.get("/accessibility")
@kept_for_visitors
def accessibility():
    return render_template("public/accessibility.html")


@bp.get("/privacy")
@kept_for_visitors
def privacy():
    return render_template("public/privacy.html")


@bp.route("/display", methods=["GET", "POST"])
def display_settings():
    form = DisplaySettings(data=preferences.current_settings())
    if form.validate_on_submit():
        flash(_("Your display settings are saved."))
        response = redirect(url_for("public.display_settings"))
        preferences.remember(
            response,
            preferences.DISPLAY_COOKIE,
            preferences.cookie_value(form.text.data, form.contrast.data),
        )
        return response
    return render_template("public/display.html", form=form)


@bp.route("/what-can-i-apply-for", methods=["GET", "POST"])
def checker():
    """A few questions, no sign-in: then which programmes are likely for you, and why."""
    spec = current_app.extensions["eligibility_checker"]
    form = checker_form(spec)(data=session.get(CHECKER_ANSWERS))
    if form.validate_on_submit():
        session[CHECKER_ANSWERS] = {f.name: f.data for f in form.answer_fields()}
        return redirect(url_for("public.checker_results"))
    return render_template("public/checker.html", form=form)


@bp.get("/what-can-i-apply-for/results")
def checker_results():
    answers = session.get(CHECKER_ANSWERS)
    if not answers:
        return redirect(url_for("public.checker"))
    known = facts.from_checker(answers)
    likely, unlikely = [], []
    for programme in programmes.all_programmes():
        can, reasons = programme.eligibility(known)
        (likely if can else unlikely).append((programme, reasons))
    return render_template("public/checker_results.html", likely=likely, unlikely=unlikely)
