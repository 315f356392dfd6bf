"""The caseworkers' office: the district's queue, an application's review, and the decisions.

Caseworkers act only on their own district's applications; administrators may read any. A
decision the application's state does not allow is refused with a message, never half done.
"""

from dataclasses import dataclass

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    get_template_attribute,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from app import access, programmes
from app.account.labels import ACTION_LABELS
from app.apply.summary import summary_rows
from app.casework.forms import (
    STATUS_FILTERS,
    Approve,
    Payment,
    QueueFilters,
    Reject,
    RequestInformation,
)
from app.forms.fields import options
from app.identifiers import mask_id_number
from app.models import Application, Role, Status, Step
from app.services import audit, casework, documents, undelivered
from app.services.applications import STEP_ALLOWED_FROM, NotAllowed
from app.staff.guard import for_roles, roles
from app.translations import lazy_gettext as _l

# Inside the /staff blueprint, behind its guard (app/staff/__init__.py).
bp = Blueprint("casework", __name__)
bp.before_request(for_roles(Role.CASEWORKER, Role.ADMIN))


@dataclass(frozen=True)
class Decision:
    step: Step
    form: type
    title: object
    button: object
    done: object


DECISIONS = {
    "request-information": Decision(
        Step.INFORMATION_REQUESTED,
        RequestInformation,
        _l("Ask for more information"),
        _l("Send the request"),
        _l("The resident is asked for more information."),
    ),
    "approve": Decision(
        Step.APPROVED,
        Approve,
        _l("Approve"),
        _l("Approve the application"),
        _l("The application is approved. The resident is told."),
    ),
    "reject": Decision(
        Step.REJECTED,
        Reject,
        _l("Do not approve"),
        _l("Do not approve the application"),
        _l("The application is not approved. The resident is told why."),
    ),
    "payment": Decision(
        Step.PAID,
        Payment,
        _l("Record the payment"),
        _l("Record the payment"),
        _l("The payment is recorded. The resident is told."),
    ),
}


def _page_number() -> int:
    page = request.args.get("page", "1")
    # ASCII digits only: "²" is a digit to isdigit() but not a number to int().
    return int(page) if page.isascii() and page.isdigit() and 0 < len(page) < 7 else 1


STATUS_VALUES = frozenset(value for value, _label in STATUS_FILTERS)


def _programme_choices() -> list:
    """The programme filter's choices in the reader's language: the same for everyone, and
    the programmes do not change while the service runs, so made once per language."""
    kept = current_app.extensions.setdefault("casework.programme_choices", {})
    language = str(get_locale())
    found = kept.get(language)
    if found is None:
        found = kept[language] = options(
            [("", _("All programmes"))] + [(p.code, p.title) for p in programmes.all_programmes()]
        )
    return found


def _kept_filters_key(filters: QueueFilters) -> tuple | None:
    """What the filters' HTML depends on, when it is only the programme and status chosen (one
    of a few values, nothing typed): then it is the same for every reader and is kept."""
    if filters.search.data:
        return None
    programme, status = filters.programme.data, filters.status.data
    if status not in STATUS_VALUES:
        return None
    if programme not in (None, "") and programmes.get(programme) is None:
        return None
    return (programme, status, *current_app.extensions["programmes"])


@bp.get("/queue")
@roles(Role.CASEWORKER)  # administrators read, caseworkers decide
def queue():
    filters = QueueFilters(request.args)
    filters.programme.choices = _programme_choices()
    status = filters.status.data if filters.status.data in STATUS_VALUES else "waiting"
    found = casework.queue(
        casework.QueueQuery(
            district=current_user.district,
            programme=filters.programme.data if programmes.get(filters.programme.data) else None,
            status=status,
            search=filters.search.data or "",
            page=_page_number(),
        )
    )
    # Each status's tag drawn once, not once for each application.
    status_tag = get_template_attribute("components/summary.html", "status_tag")
    tags = {status: status_tag(status) for status in {a.status for a in found.applications}}
    return render_template(
        "casework/queue.html",
        tags=tags,
        filters=filters,
        filters_key=_kept_filters_key(filters),
        found=found,
        programmes=current_app.extensions["programmes"],
        mask=mask_id_number,
        page_url=lambda page: url_for("staff.casework.queue", **{**request.args, "page": page}),
    )


def allowed_decisions(application: Application) -> list[tuple[str, Decision]]:
    return [
        (name, decision)
        for name, decision in DECISIONS.items()
        if application.status in STEP_ALLOWED_FROM[decision.step]
    ]


@bp.get("/applications/<int:application_id>")
def application(application_id: int):
    found = access.application_for_review_or_404(current_user, application_id, whole=True)
    programme = programmes.get(found.programme) or abort(404)
    audit.record_read(current_user, found.resident_id, action="read.application", subject=found)
    kept = documents.for_application(found)
    history, actors = audit.history_of("Application", found.id)
    return render_template(
        "casework/application.html",
        application=found,
        programme=programme,
        documents=kept,
        rows=summary_rows(programme, found.answers, kept),
        decisions=allowed_decisions(found) if current_user.role == Role.CASEWORKER else [],
        history=history,
        actors=actors,
        labels=ACTION_LABELS,
        undelivered=undelivered.for_application(found.id),
    )


@bp.post("/applications/<int:application_id>/assign")
@roles(Role.CASEWORKER)  # administrators read, caseworkers decide
def assign(application_id: int):
    found = access.application_for_review_or_404(current_user, application_id)
    if found.status in (Status.SUBMITTED, Status.UNDER_REVIEW, Status.MORE_INFO):
        casework.assign_to_me(found, current_user)
        flash(_("You have taken this application."))
    return redirect(url_for("staff.casework.application", application_id=found.id))


def _defaults(application: Application, name: str) -> dict:
    """What the form starts with: the programme's fixed amount, or the amount approved."""
    if name == "approve":
        programme = programmes.get(application.programme)
        return {"amount": programme.spec.yuan if programme else None}
    if name == "payment":
        return {"amount": application.approved_yuan}
    return {}


DECISION_URL = (
    "/applications/<int:application_id>/<any('request-information', approve, reject, payment):name>"
)


@bp.route(DECISION_URL, methods=["GET", "POST"])
@roles(Role.CASEWORKER)  # administrators read, caseworkers decide
def decide(application_id: int, name: str):
    found = access.application_for_review_or_404(current_user, application_id)
    decision = DECISIONS[name]
    back = url_for("staff.casework.application", application_id=found.id)
    if found.status not in STEP_ALLOWED_FROM[decision.step]:
        flash(_("That can not be done now: the application has moved on. Here is where it is."))
        return redirect(back)
    form = decision.form(data=_defaults(found, name) if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            _carry_out(found, name, form)
        except NotAllowed:
            flash(_("That can not be done now: the application has moved on. Here is where it is."))
        else:
            flash(decision.done)
        return redirect(back)
    return render_template(
        "casework/decide.html",
        form=form,
        application=found,
        decision=decision,
        back_url=back,
    )


def _carry_out(application: Application, name: str, form) -> None:
    if name == "request-information":
        request_code = None if form.request.data == "own" else form.request.data
        casework.request_information(
            application, current_user, request_code, form.note.data, form.translations()
        )
    elif name == "approve":
        casework.approve(application, current_user, form.amount.data)
    elif name == "reject":
        casework.reject(
            application, current_user, form.reason.data, form.note.data, form.translations()
        )
    else:
        casework.record_payment(
            application, current_user, form.paid_on.data, form.amount.data, form.reference.data
        )
