"""Questions read aloud in Uyghur: what one recording costs to make and to send, and all of
them together (`flask recordings`). Run with `make bench`; times are medians on this machine.
"""

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from flask_babel import force_locale  # noqa: E402

from app.listen import ahead, recordings  # noqa: E402
from app.listen.texts import form_parts, spoken  # noqa: E402
from app.programmes import get  # noqa: E402
from tests.audio import mp3_seconds  # noqa: E402
from tests.benchmarks.bench_app import bench_app  # noqa: E402

TIMES = 10


def first_question_text() -> str:
    """What "Listen" reads on the first question of the startup subsidy, in Uyghur."""
    page = get("startup-subsidy").steps[0]
    with force_locale("ug"):
        return spoken(*form_parts(page.form(formdata=None, meta={"csrf": False})))


def main() -> int:
    if not recordings.available():
        print("Recordings: espeak-ng or lame missing (make speech)")
        return 1
    with tempfile.TemporaryDirectory() as folder:
        app = bench_app(f"sqlite:///{folder}/bench.sqlite3", RECORDINGS_FOLDER=f"{folder}/rec")
        with app.test_request_context():
            text = first_question_text()
            timings, sound = [], b""
            for _ in range(TIMES):
                began = time.perf_counter()
                sound = recordings.make(text, "ug")
                timings.append((time.perf_counter() - began) * 1000)
            made = ahead.make_all()
        seconds = mp3_seconds(sound)
        print("Recordings (Uyghur, espeak-ng + lame, MP3 mono 24 kbit/s)")
        print(f"  one question ({len(text)} characters, {seconds:.1f} s of speech):")
        print(f"    {len(sound):,} B, made in {statistics.median(timings):.0f} ms")
        print(f"  every question of every programme: {made.recordings} recordings")
        print(f"    {made.bytes:,} B in all ({made.bytes // made.recordings:,} B each on average)")
        speech = sum(mp3_seconds(f.read_bytes()) for f in Path(folder, "rec").glob("*.mp3"))
        print(f"    {speech:.0f} s of speech, made in {made.seconds:.1f} s by `flask recordings`")
        with app.app_context():
            name = recordings.wanted(text, "ug")
        url = f"/recordings/{name}{recordings.SUFFIX}"
        client = app.test_client()
        served = []
        for _ in range(50):
            began = time.perf_counter()
            client.get(url).close()
            served.append((time.perf_counter() - began) * 1000)
        print(
            f"  served once made: {statistics.median(served):.1f} ms (then a year in the browser)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
