"""Generated bad answers posted to every page of every programme: never a server error, and
every refusal is a page with an error summary in the user's language (the page check reads it)."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.config import LANGUAGES
from tests.helpers import csrf_from, location
from tests.integration.test_programmes import CODES, programme

NASTY = st.sampled_from(
    [
        "",
        " ",
        "0",
        "-1",
        "1e9",
        "99999999999999999999",
        "2024-13-45",
        "<script>",
        "\uff11\uff12\uff13",
        "x" * 600,
        "\x00",
        "null",
        "\u0663",
        "\u00b2",
        "'; DROP TABLE users; --",
        "ئۇيغۇرچە",
        "\u202e",
    ]
)
VALUE = st.one_of(NASTY, st.text(max_size=40))


def field_names(page) -> list[str]:
    """The names a browser sends for a page's questions (files aside)."""
    names = []
    for field in page.spec.fields:
        if field.type == "date":
            names += [f"{field.name}-day", f"{field.name}-month", f"{field.name}-year"]
        elif field.type != "file":
            names.append(field.name)
    return names


def poster(client, url: str, token: str, names: list[str]):
    """A hypothesis test that posts generated answers for `names` to one page."""

    @settings(
        max_examples=6,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(st.fixed_dictionaries({name: VALUE for name in names}))
    def post_bad_answers(data):
        response = client.post(url, data={"csrf_token": token, **data})
        assert response.status_code in (200, 302), (url, data, response.status_code)
        if response.status_code == 200:
            assert "data-error-summary" in response.get_data(as_text=True), (url, data)

    return post_bad_answers


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("code", CODES)
def test_bad_answers_never_break_a_page(app, resident, code, lang):
    resident.choose_language(lang)
    spec = programme(app, code)
    first = location(resident.submit(f"/apply/{code}"))
    base = first.rsplit("/", 1)[0]
    token = csrf_from(resident.get(first).get_data(as_text=True))
    for page in spec.pages:
        url = f"{base}/{page.slug}" + ("/1" if page.group else "")
        poster(resident.client, url, token, field_names(page))()
