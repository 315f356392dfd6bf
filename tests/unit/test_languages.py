"""The languages come from the catalogues: each folder in translations/ is one, with its tag,
direction and own name from the catalogue and CLDR, and whether a native speaker reviewed it
from the catalogue's header."""

import shutil
from pathlib import Path

from app.config import LANGUAGES, TRANSLATIONS
from app.languages import discover


def test_the_three_catalogues_are_the_three_languages_chinese_first():
    assert list(LANGUAGES) == ["zh", "ug", "kk_Arab_CN"]
    assert LANGUAGES["zh"] == {
        "code": "zh",
        "tag": "zh-Hans",
        "dir": "ltr",
        "name": "中文",
        "reviewed": True,
    }
    assert LANGUAGES["ug"]["tag"] == "ug" and LANGUAGES["ug"]["dir"] == "rtl"
    assert LANGUAGES["ug"]["name"] == "ئۇيغۇرچە"
    kazakh = LANGUAGES["kk_Arab_CN"]
    assert (kazakh["tag"], kazakh["dir"], kazakh["name"]) == ("kk-Arab-CN", "rtl", "قازاقشا")


def copy_of_the_catalogues(tmp_path: Path) -> Path:
    copy = tmp_path / "translations"
    shutil.copytree(TRANSLATIONS, copy)
    return copy


def test_kazakh_is_unreviewed_until_its_header_says_a_native_speaker_reviewed_it(tmp_path):
    copy = copy_of_the_catalogues(tmp_path)
    assert discover(copy, "zh")["kk_Arab_CN"]["reviewed"] is False
    source = copy / "kk_Arab_CN" / "LC_MESSAGES" / "messages.po"
    text = source.read_text(encoding="utf-8")
    assert "# Reviewed by a native speaker: no\n" in text
    source.write_text(text.replace("native speaker: no", "native speaker: yes"), "utf-8")
    (source.parent / "messages.mo").unlink(missing_ok=True)
    assert discover(copy, "zh")["kk_Arab_CN"]["reviewed"] is True


def test_a_folder_that_is_not_a_language_is_left_alone(tmp_path):
    copy = copy_of_the_catalogues(tmp_path)
    (copy / "notes" / "LC_MESSAGES").mkdir(parents=True)
    (copy / "notes" / "LC_MESSAGES" / "messages.po").write_text("", "utf-8")
    assert list(discover(copy, "zh")) == ["zh", "ug", "kk_Arab_CN"]
