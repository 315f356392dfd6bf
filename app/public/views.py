"""Pages anyone can read: home, accessibility statement, privacy notice, display settings."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from app import preferences
from app.programmes import PROGRAMMES
from app.public.forms import DisplaySettings

bp = Blueprint("public", __name__)


@bp.get("/")
def home():
    return render_template("public/home.html", programmes=PROGRAMMES.values())


@bp.get("/accessibility")
def accessibility():
    return render_template("public/accessibility.html")


@bp.get("/privacy")
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
