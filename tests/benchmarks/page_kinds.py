"""The page kinds issue 13 sets its speed goal for, and how a benchmark gets to each of them.

Both `pages_per_second.py` (over HTTP, under gunicorn) and `page_profile.py` (through the Flask
test client) use this: the demo data, then a complete draft and a caseworker with a passkey
made in the database, then people signed in through the pages (the demo resident with a code,
his wife booking a home-care visit for him step by step, the caseworker with the passkey), and
last the list of (name, path, who is looking) to measure.
"""

import html
import json
import re
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import event, select

from tests.fixtures.authenticator import SoftAuthenticator

DEMO_RESIDENT = "13800138000"
DEMO_FAMILY = "13800138001"
CASEWORKER = "13700009999"
HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')
DEMO_CODE = re.compile(r"(\d{6})</bdi>")
INPUT = re.compile(r"<input [^>]+>")
VALUE = re.compile(r'value="([^"]*)"')


class Browser:
    """What a benchmark needs of a browser: open a page (GET, or POST with form fields), follow
    redirects, keep cookies. `open` returns the final path and the page's text."""

    def open(self, path: str, data: dict | None = None, headers: dict | None = None):
        raise NotImplementedError

    def submit(self, path: str, answers: dict) -> tuple[str, str]:
        """Sends the page's first form in <main> with its hidden fields (CSRF token, form key)."""
        _, page = self.open(path)
        fields = dict(HIDDEN.findall(page.split("<main", 1)[1]))
        return self.open(path, {**fields, **answers})


class ClientBrowser(Browser):
    """The same, through the Flask test client."""

    def __init__(self, app):
        self.client = app.test_client()

    def open(self, path, data=None, headers=None):
        if data is None:
            response = self.client.get(path, headers=headers, follow_redirects=True)
        else:
            response = self.client.post(path, data=data, headers=headers, follow_redirects=True)
        return response.request.path, response.get_data(as_text=True)


@contextmanager
def statements(engine):
    """The SQL statements `engine` runs inside the block, as a list filled as they run."""
    ran: list[str] = []

    def count(_connection, _cursor, statement, *_):
        ran.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield ran
    finally:
        event.remove(engine, "before_cursor_execute", count)


def choices(page: str, name: str) -> list[str]:
    """The values of the radio buttons named `name` in the page's <main>."""
    inputs = INPUT.findall(page.split("<main", 1)[1])
    return [
        html.unescape(VALUE.search(tag).group(1))
        for tag in inputs
        if 'type="radio"' in tag and f'name="{name}"' in tag
    ]


def sign_in_with_code(browser: Browser, mobile: str) -> None:
    browser.submit("/sign-in", {"mobile": mobile})
    _, page = browser.open("/sign-in/code")
    code = DEMO_CODE.search(html.unescape(page))
    assert code, "the demo's code is not on the page"
    where, _ = browser.submit("/sign-in/code", {"code": code.group(1)})
    if where == "/account/passkeys/offer":
        browser.open("/account/passkeys/not-now")
    if browser.open("/consent")[0] == "/consent":
        browser.submit("/consent", {"answer": "agree"})


def sign_in_with_passkey(browser: Browser, authenticator: SoftAuthenticator) -> None:
    _, page = browser.open("/sign-in")
    token = dict(HIDDEN.findall(page))["csrf_token"]
    _, options = browser.open("/sign-in/passkey/options", {}, {"X-CSRFToken": token})
    credential = authenticator.get(json.loads(options))
    where, _ = browser.open(
        "/sign-in/passkey", {"csrf_token": token, "credential": json.dumps(credential)}
    )
    assert where == "/staff", f"the caseworker landed on {where}"


def book_home_care_to_the_check(browser: Browser) -> dict[str, str]:
    """The resident's wife books a meal visit for him, a step at a time, up to the check page.
    Returns each step's path, as it is when its question is asked with the answers before."""
    steps = {}
    for slug, name in [
        ("", "service"),
        ("/for-whom", "resident"),
        ("/place", "station"),
        ("/time", "slot"),
    ]:
        path = "/book" + slug
        _, page = browser.open(path + ("?new=1" if not slug else ""))
        offered = choices(page, name)
        assert offered, f"{path} offers no {name}"
        # For him (the last choice), not for herself (the first)
        choice = "meal_help" if name == "service" else offered[-1 if name == "resident" else 0]
        steps[name] = path
        where, _ = browser.submit(path, {name: choice})
        assert where != path, f"{path} did not take {choice}"
    steps["details"] = "/book/details"
    where, _ = browser.submit("/book/details", {"address": "昌吉市延安北路 1 号"})
    assert where == "/book/check", f"the details step went to {where}"
    steps["check"] = "/book/check"
    return steps


@dataclass
class Prepared:
    draft_id: int
    first_question: str
    submitted_id: int
    reviewed_id: int
    authenticator: SoftAuthenticator


def prepare(app, origin: str) -> Prepared:
    """In the database: the demo data, a complete draft of the startup subsidy for the demo
    resident (for the question and check pages), and a caseworker of his district with a
    passkey made by a software authenticator for `origin`."""
    from app import demo, programmes
    from app.extensions import db
    from app.models import Application, Role, User
    from app.services import applications, passkeys

    with app.test_request_context():
        demo.load_demo_data()
        resident = db.session.scalars(select(User).where(User.mobile == DEMO_RESIDENT)).one()
        demo.link_demo_family(resident)
        demo.load_demo_services()
        submitted = db.session.scalars(
            select(Application)
            .where(Application.resident_id == resident.id)
            .order_by(Application.id)
        ).all()
        programme = programmes.get("startup-subsidy")
        draft = applications.draft_for(resident, programme)
        if draft is None:
            draft = applications.start(programme, resident, actor=resident)
            photo = {"licence_photo": [demo._demo_photo()]}
            applications.save_answers(draft, demo.DEMO_ANSWERS, resident, new_documents=photo)
        assert programme.first_unfinished(draft.answers) is None, "the draft is not complete"
        caseworker = db.session.scalars(select(User).where(User.mobile == CASEWORKER)).first()
        authenticator = SoftAuthenticator(origin)
        if caseworker is None:
            caseworker = User(
                mobile=CASEWORKER, role=Role.CASEWORKER, district="changji", name="李明"
            )
            db.session.add(caseworker)
            db.session.commit()
        options = passkeys.registration_options(caseworker, "set-up")
        passkeys.register(caseworker, authenticator.create(json.loads(options)), "set-up", "手机")
        return Prepared(
            draft_id=draft.id,
            first_question=programme.pages[0].slug,
            submitted_id=submitted[0].id,
            reviewed_id=submitted[-1].id,
            authenticator=authenticator,
        )


def page_kinds(prepared: Prepared, new_browser) -> list[tuple]:
    """(name, path, browser) for each page kind, each browser (made by `new_browser()`) signed
    in and already where it must be; None for a first visit, without a cookie."""
    resident, family, caseworker = new_browser(), new_browser(), new_browser()
    sign_in_with_code(resident, DEMO_RESIDENT)
    sign_in_with_code(family, DEMO_FAMILY)
    sign_in_with_passkey(caseworker, prepared.authenticator)
    steps = book_home_care_to_the_check(family)
    draft = f"/applications/{prepared.draft_id}"
    return [
        ("home /", "/", None),
        ("start page (startup subsidy)", "/apply/startup-subsidy", None),
        ("question page", f"{draft}/{prepared.first_question}", resident),
        ("check answers", f"{draft}/check", resident),
        ("confirmation", f"/applications/{prepared.submitted_id}/confirmation", resident),
        ("my applications", "/applications", resident),
        ("an application's status", f"/applications/{prepared.reviewed_id}", resident),
        *[(f"booking: {name} step", path, family) for name, path in steps.items()],
        ("caseworker: queue", "/staff/queue", caseworker),
        ("caseworker: review", f"/staff/applications/{prepared.reviewed_id}", caseworker),
    ]
