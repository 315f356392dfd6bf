"""The digest that tells a repeated send from new work: what was answered, not how it came."""

import hashlib
import io

from werkzeug.datastructures import FileStorage, MultiDict

from app.form_keys import digest


def upload(content: bytes, name: str = "licence.jpg") -> FileStorage:
    return FileStorage(io.BytesIO(content), filename=name, name="licence_photo")


def sent(form: dict, files: list[FileStorage] = (), key: bytes = b"server key") -> str:
    return digest(MultiDict(form), MultiDict([(f.name, f) for f in files]), key)


def test_a_fresh_csrf_token_or_key_leaves_the_answers_the_same():
    first = sent({"csrf_token": "a", "form_key": "k1", "full_name": "王军"})
    again = sent({"csrf_token": "b", "form_key": "k2", "full_name": "王军"})
    assert first == again


def test_another_answer_is_another_send():
    assert sent({"full_name": "王军"}) != sent({"full_name": "王 军"})
    assert sent({"a": "1", "b": ""}) != sent({"a": "", "b": "1"})


def test_a_file_counts_by_name_and_content_and_is_left_readable():
    photo = upload(b"\xff\xd8 one photo")
    assert sent({}, [photo]) == sent({}, [upload(b"\xff\xd8 one photo")])
    assert photo.stream.read() == b"\xff\xd8 one photo"  # the view still gets the whole file
    assert sent({}, [upload(b"\xff\xd8 another")]) != sent({}, [upload(b"\xff\xd8 one photo")])
    assert sent({}, [upload(b"same", "a.jpg")]) != sent({}, [upload(b"same", "b.jpg")])


def test_the_digest_is_keyed_so_a_copy_of_it_cannot_test_guessed_answers():
    form = {"id_number": "11010519491231002X"}
    assert sent(form, key=b"one server key") != sent(form, key=b"another")
    unkeyed = hashlib.sha256(b"id_number\x00" + b"11010519491231002X\x00").hexdigest()
    assert sent(form) != unkeyed
