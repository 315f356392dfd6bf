"""Pages a visitor reads before signing in are made once and served again
(app/visitor_pages.py): each visitor still gets their own form tokens, their language and
display settings, and nothing kept reaches anyone signed in."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.config import LANGUAGES
from app.extensions import db
from app.models import User
from app.models.base import local_today
from app.services import admin as admin_service
from tests.helpers import Visitor, csrf_from, location, translated

START_PAGE = "/apply/startup-subsidy"


@pytest.fixture
def made(monkeypatch):
    """How many times each view's template was rendered."""
    from app.apply import views as apply_views
    from app.public import views as public_views

    counted = []
    for module in (apply_views, public_views):
        rendered = module.render_template
        monkeypatch.setattr(
            module,
            "render_template",
            lambda name, *a, _r=rendered, **kw: counted.append(name) or _r(name, *a, **kw),
        )
    return counted


def form_key_of(page: str) -> str:
    return page.split('name="form_key" value="', 1)[1].split('"', 1)[0]


def test_the_page_is_made_once_and_each_visitor_gets_their_own_tokens(app, sent, made):
    first, second = Visitor(app.test_client(), sent), Visitor(app.test_client(), sent)
    one = first.get(START_PAGE).get_data(as_text=True)
    two = second.get(START_PAGE).get_data(as_text=True)
    assert made == ["apply/start.html"]
    assert csrf_from(one) != csrf_from(two)
    assert form_key_of(one) != form_key_of(two)
    assert one.replace(csrf_from(one), "").replace(form_key_of(one), "") == two.replace(
        csrf_from(two), ""
    ).replace(form_key_of(two), "")
    # Each visitor's token is good for them alone.
    response = second.client.post(START_PAGE, data={"csrf_token": csrf_from(two)})
    assert location(response) == "/sign-in"
    response = first.client.post(START_PAGE, data={"csrf_token": csrf_from(two)})
    assert response.status_code == 400


def test_each_language_and_display_setting_has_its_own_page(app, sent, made):
    for lang in LANGUAGES:
        visitor = Visitor(app.test_client(), sent)
        visitor.choose_language(lang)
        page = visitor.get("/").get_data(as_text=True)
        assert translated("Book a service", lang) in page
    visitor.client.set_cookie("display", "large.high")
    assert 'class="text-large contrast-high"' in visitor.get("/").get_data(as_text=True)
    assert made == ["public/home.html"] * (len(LANGUAGES) + 1)


def test_a_signed_in_resident_never_gets_a_visitors_page(app, sent, resident, made):
    Visitor(app.test_client(), sent).get(START_PAGE)
    resident.get(START_PAGE)
    resident.get(START_PAGE)
    assert made == ["apply/start.html"] * 3


def test_a_visitor_with_a_message_to_show_gets_the_page_made_for_them(app, visitor, made):
    Visitor(app.test_client(), visitor.sent).get("/")
    response = visitor.submit("/display", {"text": "large", "contrast": "standard"})
    page = visitor.get(location(response)).get_data(as_text=True)
    assert translated("Your display settings are saved.", "zh") in page
    visitor.get("/")
    assert made.count("public/home.html") == 2


def test_a_programme_closed_by_an_administrator_shows_closed_at_once(app, sent, made):
    visitor = Visitor(app.test_client(), sent)
    assert translated("Start now", "zh") in visitor.get(START_PAGE).get_data(as_text=True)
    with app.app_context():
        someone = User(mobile="13700000001", role="admin")
        db.session.add(someone)
        db.session.commit()
        admin = db.session.scalars(select(User).where(User.mobile == "13700000001")).one()
        yesterday = local_today() - timedelta(days=1)
        admin_service.set_window("startup-subsidy", None, yesterday, admin)
    assert translated("Start now", "zh") not in visitor.get(START_PAGE).get_data(as_text=True)
