"""The app with two routes the benchmark adds, to measure what every request pays before a page
writes anything: `/bench/floor` answers "hi" to anyone, `/bench/signed-in-floor` answers "hi"
to someone signed in (their session read, Flask-Login, the security headers). No page can be
faster than these; `pages_per_second.py` puts them in its table beside hello world."""

from flask_login import login_required

from wsgi import app


def _hi() -> str:
    return "hi"


app.add_url_rule("/bench/floor", "bench_floor", _hi)
app.add_url_rule("/bench/signed-in-floor", "bench_signed_in_floor", login_required(_hi))
