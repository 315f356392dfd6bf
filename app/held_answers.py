"""An answer sent after its session ended is kept for the account that typed it, for a while.

A resident types an answer; meanwhile the session ends (it expired, or the phone's browser
forgot it), and Continue arrives without one: the CSRF check refuses the form. Rather than
losing what was typed, the refused form is kept in this browser's new session on the server,
encrypted, with the page it answers and the account that typed it, which the form names itself
(`typed_by`, the account's id signed with the server's secret, so that no one can name another
account). After signing in again, that account goes back to the page with the answer in the
form, not saved until Continue is pressed again.

The person on a shared phone is the one to think of: the answer comes back only to the same
account, only once, and only within KEPT_FOR; another account signing in on the phone drops it,
and the pages that say it was kept never show it. Nothing of it goes into an address or a log.
"""

import json
import time
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app, request, session
from flask_babel import get_locale
from flask_login import current_user
from itsdangerous import BadSignature, URLSafeTimedSerializer
from werkzeug.datastructures import MultiDict

from app import encryption
from app.form_keys import FIELD as FORM_KEY
from app.i18n import languages
from app.local_urls import local_url, path_of_this_site
from app.session_keys import HELD_ANSWER
from app.sessions import RESIDENT

FIELD = "typed_by"
KEPT_FOR = timedelta(hours=1)
# The pages whose answers are kept: a programme's questions (a booking's answers so far live in
# the session itself, and end with it).
PAGES = frozenset({"apply.question", "apply.group_item"})
NOT_KEPT = frozenset({"csrf_token", FORM_KEY, FIELD})
SALT = "typed-by"
# What the encryption binds the kept fields to: they cannot be passed off as another value.
SEALED_AS = "held_answer"


def _signer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt=SALT)


def typed_by() -> str:
    """For a question page's form: who it was shown to, and in which language, signed."""
    if not current_user.is_authenticated:
        return ""
    return _signer().dumps([current_user.id, str(get_locale())])


@dataclass(frozen=True)
class Typist:
    user_id: int
    language: str  # the page's, so that what follows speaks it, even with its cookie gone


def _typist() -> Typist | None:
    """Who the refused form was shown to, when its signature holds."""
    try:
        user_id, language = _signer().loads(
            request.form.get(FIELD, ""), max_age=RESIDENT.total.total_seconds()
        )
    except (BadSignature, TypeError, ValueError):
        return None
    if not isinstance(user_id, int) or language not in languages():
        return None
    return Typist(user_id, language)


def _this_page() -> str | None:
    query = request.query_string.decode("ascii", "replace")
    return local_url(path_of_this_site(request.path) + (f"?{query}" if query else ""))


def _from_this_site() -> bool:
    """Sent by a page of this site, as far as the browser says: another site's page posting
    here (with a form it copied) must not plant an answer, nor a new session, in the browser."""
    site = request.headers.get("Sec-Fetch-Site")
    if site is not None:
        return site in ("same-origin", "none")
    origin = request.headers.get("Origin")
    return origin is None or origin == request.host_url.rstrip("/")


def hold() -> Typist | None:
    """A form refused for want of a session: keep its answers for the account it was shown to,
    and say who that is. A form of another page or another site, one that names no account (or
    not the one signed in now) is not kept."""
    typist = _typist()
    page = _this_page()
    if request.endpoint not in PAGES or typist is None or page is None:
        return None
    if not _from_this_site():
        return None
    if current_user.is_authenticated and current_user.id != typist.user_id:
        return None
    fields = [[n, v] for n, v in request.form.items(multi=True) if n not in NOT_KEPT]
    sealed = encryption.cipher().encrypt(SEALED_AS, json.dumps(fields, ensure_ascii=False))
    session[HELD_ANSWER] = {
        "user": typist.user_id,
        "page": page,
        "until": int(time.time() + KEPT_FOR.total_seconds()),
        "fields": sealed,
        "files": any(upload.filename for upload in request.files.values()),
    }
    return typist


@dataclass(frozen=True)
class Held:
    page: str
    files: bool  # files were chosen too: they are not kept


def held(user=None) -> Held | None:
    """What this browser keeps for `user` (anyone, without one) and is still fresh."""
    kept = session.get(HELD_ANSWER)
    if not isinstance(kept, dict) or kept.get("until", 0) <= time.time():
        return None
    if user is not None and kept.get("user") != user.id:
        return None
    return Held(page=kept["page"], files=bool(kept.get("files")))


def after_sign_in(user) -> str | None:
    """Called with the new session: the page to go back to, when what this browser keeps is
    this account's; anything else kept is dropped."""
    found = held(user)
    if found is None:
        session.pop(HELD_ANSWER, None)
        return None
    return found.page


def take(path: str) -> MultiDict | None:
    """On the page it answers, for the account that typed it: the kept answer, once."""
    if not current_user.is_authenticated or held(current_user) is None:
        return None
    kept = session[HELD_ANSWER]
    if kept["page"].partition("?")[0] != path:
        return None
    del session[HELD_ANSWER]
    try:
        fields = json.loads(encryption.cipher().decrypt(SEALED_AS, kept["fields"]))
    except encryption.Undecryptable:  # made with a key no longer in DATA_KEYS
        return None
    return MultiDict([(name, value) for name, value in fields])
