"""Applying for aid: start page, one question per page ("add another" groups and documents
included), check answers, confirmation; then following an application to its end."""

from flask import (
    Blueprint,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required
from werkzeug.wsgi import FileWrapper

from app import access, held_answers, programmes
from app.acting import acting_resident
from app.apply import forms
from app.apply.starting import check_url, page_url, resume_url
from app.apply.summary import summary_rows
from app.models import Application, ApplicationEvent, Status, Step
from app.models.base import local_today
from app.programmes.journey import Page, Programme
from app.request_limits import takes_uploads
from app.services import admin, applications, audit, consent
from app.services import documents as document_store
from app.session_keys import AFTER_CONSENT, PENDING_START
from app.translations import lazy_gettext as _l
from app.visitor_pages import kept_for_visitors

bp = Blueprint("apply", __name__)


def _programme_or_404(code: str) -> Programme:
    return programmes.get(code) or abort(404)


def _consent_first(agreed: bool) -> None:
    """A draft is answered only under the resident's consent to the current text (`agreed`,
    loaded with the draft: access.application_with_or_404): without it, the consent page comes
    first, and then this page again."""
    if not agreed:
        session[AFTER_CONSENT] = request.full_path
        abort(redirect(url_for("rights.consent")))


def _own_draft_page(application_id: int, slug: str) -> tuple[Application, Programme, Page]:
    """The resident's draft, its programme and the page named; a submitted application sends
    them to its own page."""
    application, _, agreed = access.application_with_or_404(
        current_user, application_id, agreed_to=consent.VERSION
    )
    if not application.is_draft:
        abort(redirect(url_for("apply.application", application_id=application.id)))
    _consent_first(agreed)
    programme = _programme_or_404(application.programme)
    return application, programme, programme.page(slug) or abort(404)


def _item_url(application: Application, page: Page, item: int) -> str:
    """One item of an "add another" group, keeping change mode."""
    args = {"change": 1} if _changing() else {}
    return url_for(
        "apply.group_item", application_id=application.id, slug=page.slug, item=item, **args
    )


@bp.get("/apply/<code>")
@kept_for_visitors
def start_page(code: str):
    programme = _programme_or_404(code)
    draft = (
        applications.draft_for(acting_resident(), programme)
        if current_user.is_authenticated and not current_user.is_staff
        else None
    )
    window = admin.window(programme.code)
    return render_template(
        "apply/start.html",
        programme=programme,
        draft=draft,
        window=window,
        today=local_today(),
        open_now=window.is_open(local_today()),
    )


@bp.post("/apply/<code>")
def start(code: str):
    programme = _programme_or_404(code)
    if not current_user.is_authenticated:
        session[PENDING_START] = programme.code
        return redirect(url_for("auth.sign_in"))
    if current_user.is_staff:
        abort(404)
    if not admin.takes_applications(programme.code, local_today()) and not applications.draft_for(
        acting_resident(), programme
    ):
        return redirect(url_for("apply.start_page", code=programme.code))
    if not consent.has_agreed(acting_resident()):
        session[PENDING_START] = programme.code
        return redirect(url_for("rights.consent"))
    application = applications.start(programme, acting_resident(), actor=current_user)
    return redirect(resume_url(application))


def _changing() -> bool:
    return request.args.get("change") == "1"


def _next_url(application, programme: Programme, page: Page) -> str:
    """After a page: the next one, or in change mode the first unanswered, else the check."""
    answers = application.answers
    if _changing():
        unfinished = programme.first_unfinished(answers)
        if unfinished:
            return page_url(application, unfinished, change=True)
    else:
        later = programme.after(page, answers)
        if later:
            return page_url(application, later)
    return check_url(application)


def _back_url(application, programme: Programme, page: Page) -> str:
    if _changing():
        return check_url(application)
    earlier = programme.before(page, application.answers)
    if earlier:
        return page_url(application, earlier)
    return url_for("apply.start_page", code=programme.code)


def _checked_files(form, field_names, answers=None) -> dict[str, list]:
    """Checks the files sent with a form: the good ones to keep, by field; for each refused
    file, an error on its field. A required field with no file, sent or kept, gets its error.
    Too many files for a field are refused by their number, before any of them is opened:
    a form never makes us decode more files than its fields take."""
    kept = {}
    for name in field_names:
        field = getattr(form, name)
        uploads = [upload for upload in field.data or [] if upload and upload.filename]
        before = len(answers.get(name) or []) if answers is not None else 0
        kept[name] = []
        if before + len(uploads) > field.max_files:
            field.errors.append(forms.too_many_files(field.max_files))
            continue
        for upload in uploads:
            try:
                kept[name].append(document_store.check(upload))
            except document_store.Refused as refused:
                field.errors.append(forms.upload_message(refused))
        if field.required_message and not (before or kept[name]):
            field.errors.append(field.required_message)
    return kept


@bp.route("/applications/<int:application_id>/<slug>", methods=["GET", "POST"])
@takes_uploads
@login_required
def question(application_id: int, slug: str):
    application, programme, page = _own_draft_page(application_id, slug)
    answers = application.answers
    if not page.applies(answers):
        return redirect(resume_url(application))
    if page.group:
        return _group_summary(application, programme, page)

    suggested = False
    kept = held_answers.take(request.path) if request.method == "GET" else None
    if request.method == "POST":
        form = page.form()
        form.answers = answers
        valid = programme.validate(page, form, answers)
        new_files = _checked_files(form, page.file_fields, answers)
        if valid and not form.errors:
            applications.save_answers(
                application, page.answers_from(form), current_user, new_documents=new_files
            )
            return redirect(_next_url(application, programme, page))
    elif kept is not None:
        form = _kept_form(page, kept, answers)
    elif page.is_answered(answers):
        if programme.passed_already(page, answers):
            form = page.form_for_display(answers)
        else:
            # A saved answer that no longer passes (the ID number changed since) shows its
            # error now.
            form = programme.recheck(page, answers)
            if not form.errors:
                form = page.form_for_display(answers)
    else:
        resident = application.resident
        earlier = resident.details or {}
        form = page.form_for_display(answers, {"mobile": resident.mobile, **earlier})
        # Said so only for what came from an earlier application, not the sign-in number.
        suggested = any(f.data for f in form.answer_fields() if f.name in earlier)

    # Only a page that asks for files lists those given already.
    documents = document_store.for_application(application) if page.file_fields else {}
    return render_template(
        "apply/question.html",
        form=form,
        programme=programme,
        page=page,
        suggested=suggested,
        files={
            n: [documents[i] for i in answers.get(n) or [] if i in documents]
            for n in page.file_fields
        },
        back_url=_back_url(application, programme, page),
        application=application,
        kept=kept is not None,
    )


def _kept_form(page: Page, kept, answers):
    """The form as it was sent when the session had ended (app/held_answers.py): not saved
    yet, nor checked, until Continue is pressed again."""
    form = page.form(formdata=kept)
    form.answers = answers
    return form


@bp.post("/applications/<int:application_id>/<slug>/documents/<int:document_id>/remove")
@login_required
def remove_document(application_id: int, slug: str, document_id: int):
    document = access.document_or_404(current_user, document_id)
    application, _programme, page = _own_draft_page(application_id, slug)
    name = next(
        (n for n in page.file_fields if document.id in (application.answers.get(n) or [])), None
    )
    if name is None or document.application_id != application.id:
        abort(404)
    applications.remove_document(application, name, document, current_user)
    return redirect(page_url(application, page, change=_changing()))


def _group_summary(application, programme: Programme, page: Page):
    items = page.items(application.answers)
    if not items and request.method == "GET":
        return redirect(_item_url(application, page, 1))
    form = forms.add_another(page)()
    full = len(items) >= page.group.max
    if request.method == "POST" and (full or form.validate()):
        if not full and form.add.data == "yes":
            next_item = len(items) + 1
            return redirect(_item_url(application, page, next_item))
        if len(items) < page.group.min:
            form.add.errors = [_l(page.group.too_few)]
        else:
            # Saved even when empty: "none" is an answer too.
            applications.save_answers(application, {page.spec.name: items}, current_user)
            return redirect(_next_url(application, programme, page))
    return render_template(
        "apply/group.html",
        form=form,
        full=full,
        programme=programme,
        page=page,
        application=application,
        rows=summary_rows(
            programme, application.answers, {}, editable=application, pages=[page], removable=True
        ),
        back_url=_back_url(application, programme, page),
    )


@bp.route("/applications/<int:application_id>/<slug>/<int:item>", methods=["GET", "POST"])
@login_required
def group_item(application_id: int, slug: str, item: int):
    """One item of an "add another" group: item 1, 2... and the next, to add one."""
    application, programme, page = _own_draft_page(application_id, slug)
    items = page.items(application.answers)
    if not page.group or not 1 <= item <= min(len(items) + 1, page.group.max):
        abort(404)
    summary = page_url(application, page, change=_changing())
    kept = held_answers.take(request.path) if request.method == "GET" else None
    if request.method == "POST":
        form = page.form()
        form.answers = application.answers
        if form.validate():
            applications.update_group(
                application, page.spec.name, item - 1, page.answers_from(form), current_user
            )
            return redirect(summary)
    elif kept is not None:
        form = _kept_form(page, kept, application.answers)
    elif item <= len(items):
        form = page.form_for_display(items[item - 1])
    else:
        form = page.form_for_display({})
    form.heading = _l(page.group.item, num=item)
    return render_template(
        "apply/question.html",
        form=form,
        programme=programme,
        page=page,
        suggested=False,
        files={},
        back_url=summary if items else _back_url(application, programme, page),
        application=application,
        kept=kept is not None,
    )


@bp.post("/applications/<int:application_id>/<slug>/<int:item>/remove")
@login_required
def remove_group_item(application_id: int, slug: str, item: int):
    application, _programme, page = _own_draft_page(application_id, slug)
    if not page.group or not 1 <= item <= len(page.items(application.answers)):
        abort(404)
    applications.update_group(application, page.spec.name, item - 1, None, current_user)
    return redirect(page_url(application, page, change=_changing()))


@bp.route("/applications/<int:application_id>/check", methods=["GET", "POST"])
@login_required
def check_answers(application_id: int):
    application, documents, agreed = access.application_with_or_404(
        current_user, application_id, documents=True, agreed_to=consent.VERSION
    )
    if not application.is_draft:
        # Submitted already: a second tap, or back and submit again, lands on the same receipt.
        return redirect(url_for("apply.confirmation", application_id=application.id))
    programme = _programme_or_404(application.programme)
    unfinished = programme.first_unfinished(application.answers)
    if unfinished:
        return redirect(page_url(application, unfinished, change=True))
    _consent_first(agreed)

    form = forms.Declaration()
    if form.validate_on_submit():
        applications.submit(application, programme, actor=current_user)
        return redirect(url_for("apply.confirmation", application_id=application.id))
    return render_template(
        "apply/check_answers.html",
        form=form,
        application=application,
        programme=programme,
        rows=summary_rows(programme, application.answers, documents, editable=application),
        back_url=page_url(application, programme.asked(application.answers)[-1]),
    )


@bp.get("/applications/<int:application_id>/confirmation")
@login_required
def confirmation(application_id: int):
    application = access.application_or_404(current_user, application_id)
    if application.is_draft:
        return redirect(resume_url(application))
    return render_template(
        "apply/confirmation.html",
        application=application,
        programme=_programme_or_404(application.programme),
    )


@bp.route("/applications/<int:application_id>", methods=["GET", "POST"])
@takes_uploads
@login_required
def application(application_id: int):
    """An application's page: where it is, its timeline, the answers; and, when the caseworker
    asked for more, the form to answer them."""
    application, documents, _ = access.application_with_or_404(
        current_user, application_id, documents=True, events=request.method == "GET"
    )
    if application.is_draft:
        return redirect(resume_url(application))
    programme = _programme_or_404(application.programme)
    form = forms.MoreInformation() if application.status == Status.MORE_INFO else None
    if request.method == "POST":
        if form is None:
            abort(405)
        valid = form.validate()
        kept = _checked_files(form, ["files"])["files"]
        if valid and not form.errors:
            given = ApplicationEvent(step=Step.INFORMATION_GIVEN, note=form.answer.data)
            applications.take_step(application, given, current_user, documents=kept)
            return redirect(url_for("apply.application", application_id=application.id, sent=1))
    return render_template(
        "apply/application.html",
        application=application,
        programme=programme,
        form=form,
        sent=request.args.get("sent") == "1",
        documents=documents,
        can_withdraw=application.status in applications.UNDECIDED,
        rows=summary_rows(programme, application.answers, documents),
    )


@bp.route("/applications/<int:application_id>/withdraw", methods=["GET", "POST"])
@login_required
def withdraw(application_id: int):
    application = access.application_or_404(current_user, application_id)
    if application.status not in applications.UNDECIDED:
        return redirect(url_for("apply.application", application_id=application.id))
    form = forms.Withdraw()
    if form.validate_on_submit():
        if form.sure.data == "yes":
            withdrawn = ApplicationEvent(step=Step.WITHDRAWN)
            applications.take_step(application, withdrawn, current_user)
        return redirect(url_for("apply.application", application_id=application.id))
    return render_template(
        "apply/withdraw.html",
        form=form,
        application=application,
        programme=_programme_or_404(application.programme),
    )


# Pictures were decoded and written anew by us: shown in pages (<img>) and opened in the
# browser. A PDF is kept as it was sent, and a PDF can carry scripts, forms and links: it is
# downloaded, never shown as a page of this site. (A CSP sandbox would not do for showing it:
# Chromium refuses to show a PDF in a sandbox.) The sandbox is on every document all the same,
# for a browser that ignores "attachment"; nosniff (app/security.py) keeps each as its type.
DOCUMENT_POLICY = "default-src 'none'; img-src 'self'; sandbox"
EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "application/pdf": "pdf"}


@bp.get("/documents/<int:document_id>")
@login_required
def document(document_id: int):
    """A document, for the people who may see it; anyone else gets 404."""
    found = access.document_or_404(current_user, document_id)
    if current_user.is_staff:
        audit.record_read(current_user, found.resident_id, action="read.document", subject=found)
    # Streamed in chunks from the folder or the bucket: a 10 MB scan never sits whole in memory.
    opened = document_store.open_to_serve(found)
    response = current_app.response_class(
        FileWrapper(opened.file), mimetype=found.content_type, direct_passthrough=True
    )
    response.content_length = opened.size
    shown = "inline" if found.content_type.startswith("image/") else "attachment"
    name = f"document-{found.id}.{EXTENSIONS.get(found.content_type, 'bin')}"
    response.headers["Content-Disposition"] = f'{shown}; filename="{name}"'
    response.headers["Content-Security-Policy"] = DOCUMENT_POLICY
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/applications")
@login_required
def my_applications():
    mine = applications.for_resident(acting_resident())
    return render_template(
        "apply/my_applications.html",
        drafts=[(a, resume_url(a)) for a in mine if a.is_draft],
        submitted=[a for a in mine if not a.is_draft],
        programmes=current_app.extensions["programmes"],
    )
