"""What "Listen" reads, and the store of recordings: named by what they say, made once even
when asked for twice at once, never for a text no page asked for."""

import threading
import time

import pytest
from flask import Flask
from markupsafe import Markup

from app.i18n import isolated, ltr, with_names
from app.listen import recordings
from app.listen.texts import spoken
from tests.audio import NotMp3, mp3_seconds


def test_each_part_is_a_sentence_and_empty_parts_are_skipped():
    assert spoken("你叫什么名字", None, "", "按身份证填写。") == "你叫什么名字。 按身份证填写。"
    assert spoken("ئىسمىڭىز نېمە؟", "كىملىكتىكىدەك") == "ئىسمىڭىز نېمە؟ كىملىكتىكىدەك."


def test_markup_is_read_as_words_and_what_someone_typed_is_never_read(app):
    with app.test_request_context():  # typed text is marked with its language, the page's
        error = with_names("%(name)s is empty. Choose another file", name="王芳的证明.jpg")
        assert spoken(error) == "is empty. Choose another file."
        number = ltr("110105194912310020")
        assert "110105" not in spoken(Markup("Your ID number %s is saved") % number)
        assert spoken(isolated("13912345678")) == ""
        assert spoken("Use < and > freely") == "Use < and > freely."


@pytest.fixture
def store(tmp_path, monkeypatch):
    app = Flask(__name__)
    app.config["RECORDINGS_FOLDER"] = str(tmp_path)
    made = []

    def slow_make(text, voice):
        made.append(text)
        time.sleep(0.3)  # long enough for a second request to arrive meanwhile
        return b"sound of " + text.encode()

    monkeypatch.setattr(recordings, "make", slow_make)
    with app.app_context():
        yield app, made


def test_a_name_says_what_is_read_and_in_which_voice():
    assert recordings.name_of("سوئال", "ug") == recordings.name_of("سوئال", "ug")
    assert recordings.name_of("سوئال", "ug") != recordings.name_of("سوئال.", "ug")
    assert recordings.name_of("سوئال", "ug") != recordings.name_of("سوئال", "kk")


def test_two_requests_at_once_make_one_recording(store):
    app, made = store
    name = recordings.wanted("ئىسمىڭىز نېمە؟", "ug")
    found = []

    def request():
        with app.app_context():
            found.append(recordings.recording(name).read_bytes())

    threads = [threading.Thread(target=request) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert made == ["ئىسمىڭىز نېمە؟"]
    assert found == [("sound of ئىسمىڭىز نېمە؟").encode()] * 2
    assert not [p for p in recordings._folder().iterdir() if p.suffix == ".part"]


def test_nothing_is_made_for_a_name_no_page_asked_for(store):
    _app, made = store
    assert recordings.recording(recordings.name_of("any text at all", "ug")) is None
    assert made == []


@pytest.mark.skipif(not recordings.available(), reason="espeak-ng and lame: make speech")
def test_espeak_reads_uyghur_into_a_whole_mp3_of_fitting_length():
    short = mp3_seconds(recordings.make("ھەئە", "ug"))
    long = mp3_seconds(recordings.make("ئىسمىڭىز نېمە؟ كىملىك كارتىڭىزدىكىدەك يېزىڭ.", "ug"))
    assert 0.2 < short < 2 < long < 8


def test_a_cut_file_is_not_taken_for_audio():
    with pytest.raises(NotMp3):
        mp3_seconds(b"RIFF....WAVEfmt ")
