"""Applying for aid: start page, one question per page, check answers, confirmation."""

from flask import Blueprint, abort, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from app import programmes
from app.apply.forms import Declaration
from app.apply.labels import STATUS_LABELS
from app.districts import DISTRICTS
from app.extensions import db
from app.models import Application
from app.programmes.journey import Programme, Question
from app.services import applications

bp = Blueprint("apply", __name__)

PENDING_START = "pending_start"


def _programme_or_404(code: str) -> Programme:
    return programmes.get(code) or abort(404)


def _own_application_or_404(application_id: int) -> Application:
    """The signed-in resident's application. Anyone else's answers 404, as if it did not exist."""
    application = db.session.scalars(
        select(Application).where(
            Application.id == application_id, Application.resident_id == current_user.id
        )
    ).first()
    return application or abort(404)


def _question_url(application: Application, question: Question, change: bool = False) -> str:
    args = {"change": 1} if change else {}
    return url_for("apply.question", application_id=application.id, slug=question.slug, **args)


def resume_url(application: Application) -> str:
    """Where a resident picks up a draft: the first question still to answer, else the check."""
    programme = _programme_or_404(application.programme)
    unfinished = programme.first_unfinished(application.answers)
    if unfinished:
        return _question_url(application, unfinished)
    return url_for("apply.check_answers", application_id=application.id)


def start_after_sign_in():
    """Finishes a "Start now" pressed before signing in; None when there was none."""
    code = session.pop(PENDING_START, None)
    programme = programmes.get(code) if code else None
    if programme is None:
        return None
    application = applications.start(programme, current_user, actor=current_user)
    return redirect(resume_url(application))


@bp.get("/apply/<code>")
def start_page(code: str):
    programme = _programme_or_404(code)
    draft = (
        applications.draft_for(current_user, programme) if current_user.is_authenticated else None
    )
    return render_template(programme.start_template, programme=programme, draft=draft)


@bp.post("/apply/<code>")
def start(code: str):
    programme = _programme_or_404(code)
    if not current_user.is_authenticated:
        session[PENDING_START] = programme.code
        return redirect(url_for("auth.sign_in"))
    application = applications.start(programme, current_user, actor=current_user)
    return redirect(resume_url(application))


def _own_with_programme(application_id: int) -> tuple[Application, Programme]:
    application = _own_application_or_404(application_id)
    return application, _programme_or_404(application.programme)


@bp.route("/applications/<int:application_id>/<slug>", methods=["GET", "POST"])
@login_required
def question(application_id: int, slug: str):
    application, programme = _own_with_programme(application_id)
    if not application.is_draft:
        return redirect(url_for("apply.application", application_id=application.id))
    question = programme.question(slug) or abort(404)
    answers = application.answers
    if not question.applies(answers):
        return redirect(resume_url(application))
    changing = request.args.get("change") == "1"

    if request.method == "POST":
        form = question.form()
        form.answers = answers
        if form.validate():
            try:
                applications.save_answers(
                    application, question.answers_from(form), actor=current_user
                )
            except applications.NotADraft:
                return redirect(url_for("apply.application", application_id=application.id))
            return redirect(_next_url(application, programme, question, changing))
    elif question.is_answered(answers):
        # A saved answer that no longer passes (the ID number changed since) shows its error now.
        form = question.recheck(answers)
        if not form.errors:
            form = question.form_for_display(answers)
    else:
        form = question.form_for_display(answers, resident=current_user)

    return render_template(
        "apply/question.html",
        form=form,
        programme=programme,
        back_url=_back_url(application, programme, question, changing),
    )


def _next_url(application, programme: Programme, question: Question, changing: bool) -> str:
    answers = application.answers
    if changing:
        # A changed answer may call for a question not asked before; ask it, then come back.
        unfinished = programme.first_unfinished(answers)
        if unfinished:
            return _question_url(application, unfinished, change=True)
    else:
        later = programme.after(question, answers)
        if later:
            return _question_url(application, later)
    return url_for("apply.check_answers", application_id=application.id)


def _back_url(application, programme: Programme, question: Question, changing: bool) -> str:
    if changing:
        return url_for("apply.check_answers", application_id=application.id)
    earlier = programme.before(question, application.answers)
    if earlier:
        return _question_url(application, earlier)
    return url_for("apply.start_page", code=programme.code)


def summary_rows(programme: Programme, answers) -> list[dict]:
    """One row per answer of the questions asked: its short label, its field, its page."""
    rows = []
    for question in programme.asked(answers):
        form = question.form_for_display(answers)
        for field in form.answer_fields():
            label = form.short_labels.get(field.name, field.label.text)
            rows.append({"label": label, "field": field, "question": question})
    return rows


@bp.route("/applications/<int:application_id>/check", methods=["GET", "POST"])
@login_required
def check_answers(application_id: int):
    application, programme = _own_with_programme(application_id)
    if not application.is_draft:
        # Submitted already: a second tap, or back and submit again, lands on the same receipt.
        return redirect(url_for("apply.confirmation", application_id=application.id))
    unfinished = programme.first_unfinished(application.answers)
    if unfinished:
        return redirect(_question_url(application, unfinished, change=True))

    form = Declaration()
    if form.validate_on_submit():
        applications.submit(application, programme, actor=current_user)
        return redirect(url_for("apply.confirmation", application_id=application.id))
    return render_template(
        "apply/check_answers.html",
        form=form,
        application=application,
        programme=programme,
        rows=summary_rows(programme, application.answers),
        back_url=_question_url(application, programme.asked(application.answers)[-1]),
    )


@bp.get("/applications/<int:application_id>/confirmation")
@login_required
def confirmation(application_id: int):
    application = _own_application_or_404(application_id)
    if application.is_draft:
        return redirect(resume_url(application))
    return render_template(
        "apply/confirmation.html",
        application=application,
        programme=_programme_or_404(application.programme),
    )


@bp.get("/applications/<int:application_id>")
@login_required
def application(application_id: int):
    application = _own_application_or_404(application_id)
    if application.is_draft:
        return redirect(resume_url(application))
    programme = _programme_or_404(application.programme)
    return render_template(
        "apply/application.html",
        application=application,
        programme=programme,
        rows=summary_rows(programme, application.answers),
    )


@bp.get("/applications")
@login_required
def my_applications():
    mine = applications.for_resident(current_user)
    return render_template(
        "apply/my_applications.html",
        drafts=[(a, resume_url(a)) for a in mine if a.is_draft],
        submitted=[a for a in mine if not a.is_draft],
        programmes=programmes.PROGRAMMES,
    )


@bp.app_template_global()
def status_label(status: str) -> str:
    return str(STATUS_LABELS[status])


@bp.app_template_global()
def district_name(code: str | None) -> str:
    return str(DISTRICTS[code]) if code in DISTRICTS else ""
