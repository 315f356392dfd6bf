"""Listen: every question page of every programme and every booking step, in each language the
server reads aloud (Uyghur, Kazakh), has a player whose recording exists, is whole MP3 of a
length that fits its text, and says the question; the player is named in that language. In
Chinese the phone's voice reads, never a recording."""

import re

import pytest
from flask_babel import force_locale

from app.config import LANGUAGES
from app.demo import load_demo_services
from app.listen import recordings, voices
from app.listen.texts import listening
from tests.audio import mp3_seconds
from tests.helpers import location, translated
from tests.integration.test_programmes import CODES, programme
from tests.integration.walker import GRADE_1, book, confirm, give_details, walk

AUDIO = re.compile(r"<audio ([^>]*)></audio>")
ARABIC_LETTERS = re.compile(r"[\u0600-\u06ff]")
# espeak-ng at its usual pace reads Uyghur at about 0.08 s a character: a recording far off
# that is cut short, empty, or says something else.
SECONDS_A_CHARACTER = (0.03, 0.2)
VOICED = [code for code in LANGUAGES if voices.voice_of(code)]


class Recorder:
    """A visitor that keeps every page it is shown, for the walker to go through."""

    def __init__(self, visitor):
        self.visitor = visitor
        self.pages: dict[str, str] = {}

    def get(self, url, **kwargs):
        response = self.visitor.get(url, **kwargs)
        if response.status_code == 200:
            self.pages[url] = response.get_data(as_text=True)
        return response

    def submit(self, *args, **kwargs):
        return self.visitor.submit(*args, **kwargs)


def heading_of(page: str) -> str:
    h1 = re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S).group(1)
    return " ".join(re.sub(r"<[^>]+>", "", h1).split())


def check_listen(app, client, page: str, label: str, lang: str = "ug") -> str:
    """The page's player: named `label` in `lang`, loading nothing before it is pressed, its
    recording a whole MP3 that says the page's heading; returns the text it says."""
    players = AUDIO.findall(page)
    assert len(players) == 1, "one player on the page"
    attributes = dict(re.findall(r'([\w-]+)="([^"]*)"', players[0]))
    assert attributes["preload"] == "none" and "autoplay" not in players[0]
    name_id = attributes["aria-labelledby"]
    name = re.search(rf'id="{name_id}">([^<]*)<', page).group(1)
    assert name == translated(label, lang) and ARABIC_LETTERS.search(name)

    response = client.get(attributes["src"])
    assert response.status_code == 200
    assert response.mimetype == "audio/mpeg"
    assert "immutable" in response.headers["Cache-Control"]
    assert "Set-Cookie" not in response.headers
    with app.app_context():
        said = recordings.text_of(attributes["src"].rsplit("/", 1)[1].split(".")[0])
    assert heading_of(page) in said
    seconds = mp3_seconds(response.get_data())
    low, high = SECONDS_A_CHARACTER
    assert low * len(said) <= seconds <= high * len(said) + 1, (seconds, said)
    return said


@pytest.mark.parametrize("lang", VOICED)
@pytest.mark.parametrize("code", CODES)
def test_every_question_of_every_programme_is_read_aloud(app, resident, code, lang):
    resident.choose_language(lang)
    recorder = Recorder(resident)
    check = walk(recorder, programme(app, code), group_items=1)
    questions = [url for url in recorder.pages if "/applications/" in url]
    assert len(questions) >= 3
    for url in questions:
        check_listen(app, resident.client, recorder.pages[url], "Listen to the question", lang)
    page = resident.get(check).get_data(as_text=True)
    check_listen(app, resident.client, page, "Listen to this page", lang)
    done = location(resident.submit(check, {"confirm": "y"}))
    page = resident.get(done).get_data(as_text=True)
    check_listen(app, resident.client, page, "Listen to this page", lang)


@pytest.mark.parametrize("lang", VOICED)
@pytest.mark.parametrize("service", ["meal_help", "rehab", "device_loan", "training", "job_fair"])
def test_every_booking_step_is_read_aloud(app, resident, service, lang):
    with app.app_context():
        load_demo_services()
    give_details(app, "13912345678", certificate_number=GRADE_1, district="changji")
    resident.choose_language(lang)
    recorder = Recorder(resident)
    book(recorder, service)
    assert len(recorder.pages) >= 2
    for page in recorder.pages.values():
        check_listen(app, resident.client, page, "Listen to the question", lang)
    page = resident.get("/book/check").get_data(as_text=True)
    check_listen(app, resident.client, page, "Listen to this page", lang)
    page = resident.get(confirm(resident)).get_data(as_text=True)
    check_listen(app, resident.client, page, "Listen to this page", lang)


def test_an_error_is_read_with_its_question(app, resident):
    resident.choose_language("ug")
    first = location(resident.submit("/apply/startup-subsidy"))
    page = resident.submit(first, {}).get_data(as_text=True)
    said = check_listen(app, resident.client, page, "Listen to the question")
    error = re.search(r'class="error-message"[^>]*><span[^>]*>[^<]*</span>([^<]*)<', page).group(1)
    assert said.startswith(translated("There is a problem", "ug"))
    assert error.strip() in said


def test_a_recording_is_made_once_and_only_for_texts_the_app_shows(app, resident):
    resident.choose_language("ug")
    page = resident.get(location(resident.submit("/apply/startup-subsidy"))).get_data(as_text=True)
    src = dict(re.findall(r'([\w-]+)="([^"]*)"', AUDIO.search(page).group(1)))["src"]
    first = resident.client.get(src)
    again = resident.client.get(src, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    # A name nobody's page asked for makes nothing, whatever its shape.
    for name in ["0" * 32, "../" + "0" * 29, src.rsplit("/", 1)[1].upper()]:
        assert resident.client.get(f"/recordings/{name}").status_code == 404


def notes(app) -> set[str]:
    with app.app_context():
        return {p.name for p in recordings._folder().glob("*.json")}


def test_chinese_is_read_by_the_phone_never_by_a_recording(app, resident):
    resident.choose_language("zh")
    first = location(resident.submit("/apply/startup-subsidy"))
    before = notes(app)
    page = resident.get(first).get_data(as_text=True)
    assert notes(app) == before, "nothing recorded in Chinese"
    assert "<audio" not in page and "/recordings/" not in page
    control = re.search(r'<div class="listen" hidden data-listen ([^>]*)>', page).group(1)
    attributes = dict(re.findall(r'([\w-]+)="([^"]*)"', control))
    assert attributes["data-lang"] == "zh-Hans"
    assert heading_of(page) in attributes["data-text"]
    assert translated("Listen to the question", "zh") in page


def test_the_command_makes_every_question_ahead_of_the_first_listener(app, resident):
    result = app.test_cli_runner().invoke(args=["recordings"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        made = {name for name in recordings.all_wanted() if recordings.is_made(name)}
    resident.choose_language("ug")
    recorder = Recorder(resident)
    walk(recorder, programme(app, "living-allowance"), group_items=1)
    for url, page in recorder.pages.items():
        src = dict(re.findall(r'([\w-]+)="([^"]*)"', AUDIO.search(page).group(1)))["src"]
        assert src.rsplit("/", 1)[1].split(".")[0] in made, f"{url} was not made ahead"
    again = app.test_cli_runner().invoke(args=["recordings"])
    assert " 0 made now" in again.output


def test_staff_pages_have_no_listen_control(app):
    """Listen is for residents; a staff form in Uyghur has no player and records nothing."""
    for path, expected in [("/staff/admin/stations/new", False), ("/sign-in", True)]:
        with app.test_request_context(path), force_locale("ug"):
            assert (listening("ئىسمى") is not None) is expected, path
