"""Offline in Chromium: the service worker controls the page; kept pages open without a
network, others show the offline page in the user's language; an answer typed or sent offline
is kept on the phone, survives closing the page, and is sent once when the network returns;
nothing personal is kept longer than a week, and signing out leaves nothing of it behind."""

from datetime import timedelta
from urllib.parse import quote, unquote, urlsplit

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from app.config import LANGUAGES
from app.extensions import db
from app.models import Application, AuditEvent, Document, User
from app.pwa import KEPT_FOR
from app.services import accounts
from tests.browser.steps import (
    agree_to_consent,
    eventually,
    name_pattern,
    open_menu,
    sign_in_with_mouse,
    text,
)
from tests.fixtures.open_redirects import NEXT_PAYLOADS

LANGS = list(LANGUAGES)
MOBILE = "13912345678"


def offline(context) -> None:
    """No network for the pages nor for the service worker's own fetches."""
    context.set_offline(True)
    context.route("**/*", _abort_for_worker)


def online(context) -> None:
    context.unroute("**/*", _abort_for_worker)
    context.set_offline(False)


def _abort_for_worker(route):
    if route.request.service_worker:
        route.abort("internetdisconnected")
    else:
        route.fallback()


def controlled(page) -> None:
    """Waits until the service worker is installed and looks after this page."""
    page.evaluate("navigator.serviceWorker.ready")
    eventually(page, "async () => navigator.serviceWorker.controller !== null")


def continue_offline(page, app, lang) -> None:
    """Presses Continue without a network: the answer is kept, and the page says so."""
    page.get_by_role("button", name=name_pattern(text(app, "Continue", lang))).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        text(app, "Your answer is kept on this phone", lang)
    )


def cached_pages(page) -> dict[str, list[str]]:
    """Every cache on the phone and the paths it holds."""
    return page.evaluate(
        """async () => {
            const found = {};
            for (const name of await caches.keys()) {
                const keys = await (await caches.open(name)).keys();
                found[name] = keys.map((request) => new URL(request.url).pathname);
            }
            return found;
        }"""
    )


# Counts what one store of the worker's IndexedDB holds (once the worker has made it).
COUNT = """(store) => new Promise((resolve, reject) => {
    const opening = indexedDB.open("changji-offline");
    opening.onsuccess = () => {
        const counting = opening.result.transaction(store).objectStore(store).count();
        counting.onsuccess = () => resolve(counting.result);
        counting.onerror = () => reject(counting.error);
    };
})"""
# Whether no cache holds a copy of the page at a path.
NOT_KEPT = "(path) => caches.match(path, { ignoreVary: true }).then((copy) => !copy)"


def stored(page, store: str) -> list[dict]:
    """What the worker keeps in one store of the phone's IndexedDB (sends without their
    answers, which may hold files)."""
    return page.evaluate(
        """(store) => new Promise((resolve, reject) => {
            const opening = indexedDB.open("changji-offline");
            opening.onsuccess = () => {
                const request = opening.result.transaction(store).objectStore(store).getAll();
                request.onsuccess = () => resolve(
                    request.result.map(({ entries, ...item }) => item));
                request.onerror = () => reject(request.error);
            };
        })""",
        store,
    )


def kept_sends(page) -> list[dict]:
    """The sends waiting in the phone's IndexedDB queue."""
    return [{"url": item["url"], "status": item["status"]} for item in stored(page, "queue")]


def put_in_store(page, store: str, item: dict) -> None:
    """Writes into the worker's IndexedDB as the worker would (once the worker has made it)."""
    page.evaluate(
        """([store, item]) => new Promise((resolve, reject) => {
            const opening = indexedDB.open("changji-offline");
            opening.onsuccess = () => {
                const transaction = opening.result.transaction(store, "readwrite");
                transaction.objectStore(store).put(item);
                transaction.oncomplete = () => resolve();
                transaction.onerror = () => reject(transaction.error);
            };
        })""",
        [store, item],
    )


def account_marker(page) -> str:
    return page.evaluate("fetch('/form-token').then((answer) => answer.json())")["account"]


def kept_at(page, path: str, age: timedelta | None) -> None:
    """Rewrites the copy of `path` the worker kept (once it is kept) as if kept `age` ago; with
    None, as an older version kept it, at no known time. The Cache API keeps no time itself."""
    eventually(page, "(path) => caches.match(path, { ignoreVary: true })", path)
    page.evaluate(
        """async ([path, age]) => {
            for (const name of await caches.keys()) {
                const pages = await caches.open(name);
                const copy = await pages.match(path, { ignoreVary: true });
                if (!copy) continue;
                const headers = new Headers(copy.headers);
                if (age === null) headers.delete("X-Kept-At");
                else headers.set("X-Kept-At", String(Date.now() - age));
                await pages.delete(path, { ignoreVary: true });
                await pages.put(path, new Response(await copy.blob(), { headers }));
            }
        }""",
        [path, None if age is None else age // timedelta(milliseconds=1)],
    )


def long_ago(page) -> int:
    """A week and a minute ago, in the page's clock (milliseconds), as the worker keeps time."""
    return page.evaluate("Date.now()") - A_WEEK_AND_A_MINUTE // timedelta(milliseconds=1)


def kept_paths(page) -> list[str]:
    return [
        path
        for name, paths in cached_pages(page).items()
        if name.startswith("pages-")
        for path in paths
    ]


A_WEEK_AND_A_MINUTE = KEPT_FOR + timedelta(minutes=1)


def status(page):
    return page.locator(".offline-status")


@pytest.mark.parametrize("lang", LANGS)
def test_kept_pages_open_offline_and_others_show_the_offline_page(app, page, axe, lang):
    page.goto(f"/?lang={lang}")
    controlled(page)
    shell = next(paths for name, paths in cached_pages(page).items() if name.startswith("shell-"))
    assert "/static/fonts/uyghur-regular-1.woff2" in shell
    assert {"/offline/zh", "/offline/ug", "/offline/zh/kept", "/offline/ug/kept"} <= set(shell)

    page.goto("/accessibility")
    heading = page.get_by_role("heading", level=1).inner_text()
    offline(page.context)

    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    # The self-hosted font comes from the phone too (the language link uses it in both).
    assert page.evaluate(
        """async () => {
            await document.fonts.ready;
            return [...document.fonts].some((face) =>
                face.family.replace(/"/g, "") === "Changji Uyghur" && face.status === "loaded");
        }"""
    )

    page.goto("/privacy")  # never opened: not on the phone
    expect(page.get_by_role("heading", level=1)).to_have_text(text(app, "You are offline", lang))
    html = page.locator("html")
    expect(html).to_have_attribute("lang", LANGUAGES[lang]["tag"])
    expect(html).to_have_attribute("dir", LANGUAGES[lang]["dir"])
    axe(page)

    # The other language's offline page is one link away, and kept too.
    other = "ug" if lang == "zh" else "zh"
    page.get_by_role("link", name=app.config["LANGUAGES"][other]["name"], exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(text(app, "You are offline", other))
    axe(page)


def start_application(page, app, sent, lang) -> None:
    """Signed in, on the first question of a new startup-subsidy application."""
    page.goto(f"/sign-in?lang={lang}")
    sign_in_with_mouse(page, app, sent, lang, mobile=MOBILE)
    page.goto("/apply/startup-subsidy")
    page.get_by_role("button", name=name_pattern(text(app, "Start now", lang))).click()
    agree_to_consent(page, app, lang)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        text(app, "What is your full name?", lang)
    )
    controlled(page)


def name_field(page, app, lang):
    return page.get_by_role("textbox", name=text(app, "What is your full name?", lang))


def answers_saved(app) -> tuple[str | None, int]:
    """The full name on the application, and how many times an answer was recorded."""
    with app.app_context():
        user = db.session.scalars(select(User).where(User.mobile == MOBILE)).one()
        application = db.session.scalars(
            select(Application).where(Application.resident_id == user.id)
        ).one()
        answered = db.session.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action == "application.answered")
        )
        return application.answers.get("full_name"), answered


@pytest.mark.parametrize("lang", LANGS)
def test_an_answer_sent_offline_is_kept_then_sent_once(app, page, axe, sent, lang):
    start_application(page, app, sent, lang)
    question = page.url
    offline(page.context)

    name_field(page, app, lang).fill("阿依古丽·买买提")
    continue_offline(page, app, lang)
    expect(status(page)).to_have_text(
        text(
            app,
            "Your answer is kept on this phone. It will be sent when the connection returns.",
            lang,
        )
    )
    expect(
        page.get_by_role("link", name=text(app, "Back to the question", lang))
    ).to_have_attribute("href", question)  # made whole by the script, on this site
    axe(page)
    assert answers_saved(app) == (None, 0)

    online(page.context)
    expect(status(page)).to_contain_text(text(app, "Your answer was sent.", lang))
    expect(status(page).get_by_role("link", name=text(app, "Continue", lang))).to_be_visible()
    assert answers_saved(app) == ("阿依古丽·买买提", 1)
    assert kept_sends(page) == []

    page.reload()  # a page load tries the queue again: nothing is left to send twice
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert answers_saved(app) == ("阿依古丽·买买提", 1)


def test_typing_and_a_kept_send_survive_closing_the_page(app, page, sent):
    lang = "ug"
    start_application(page, app, sent, lang)
    question = page.url
    context = page.context
    offline(context)

    # Typed, not sent, page closed: the typing comes back when the page is opened again.
    name_field(page, app, lang).fill("阿依古丽")
    page.wait_for_timeout(300)  # the worker writes the draft
    page.close()
    page = context.new_page()
    page.goto(question)
    expect(name_field(page, app, lang)).to_have_value("阿依古丽")
    expect(status(page)).to_have_text(
        text(app, "What you typed offline is back in the form. It is not sent yet.", lang)
    )

    # Sent while offline, page closed: the send waits on the phone.
    continue_offline(page, app, lang)
    page.close()
    page = context.new_page()
    page.goto(question)
    assert [send["status"] for send in kept_sends(page)] == ["waiting"]
    assert answers_saved(app) == (None, 0)

    online(context)
    expect(status(page)).to_contain_text(text(app, "Your answer was sent.", lang))
    assert answers_saved(app) == ("阿依古丽", 1)


def test_a_send_refused_after_the_session_ended_is_kept_and_sent_after_signing_in(app, page, sent):
    lang = "zh"
    start_application(page, app, sent, lang)
    question = page.url
    offline(page.context)
    name_field(page, app, lang).fill("王军")
    continue_offline(page, app, lang)

    with app.app_context():  # "sign out everywhere" from another phone
        user = db.session.scalars(select(User).where(User.mobile == MOBILE)).one()
        accounts.sign_out_everywhere(user)
    online(page.context)
    expect(status(page)).to_contain_text(
        text(app, "Your answer is kept on this phone. Sign in to send it.", lang)
    )
    assert [send["status"] for send in kept_sends(page)] == ["waiting"]
    assert answers_saved(app) == (None, 0)

    status(page).get_by_role("link", name=text(app, "Sign in", lang)).click()
    sign_in_with_mouse(page, app, sent, lang, mobile=MOBILE)
    page.goto(question)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    eventually(page, f"async () => (await ({COUNT})('queue')) === 0")
    assert answers_saved(app) == ("王军", 1)


@pytest.mark.parametrize("button", ["Sign out", "Sign out everywhere"])
def test_signing_out_leaves_nothing_personal_on_the_phone(app, page, sent, button):
    lang = "zh"
    start_application(page, app, sent, lang)
    question = page.url
    for path in ("/account", "/applications", "/book"):
        page.goto(path)
    page.goto(question)
    # Kept on the phone: a send that the server then refuses (no name), and typing.
    offline(page.context)
    continue_offline(page, app, lang)
    page.goto(question)
    name_field(page, app, lang).fill("王")
    online(page.context)
    expect(status(page)).to_contain_text(
        text(app, "Your answer was not accepted. Open the page to check it.", lang)
    )
    assert [send["status"] for send in kept_sends(page)] == ["not-accepted"]
    assert len(stored(page, "drafts")) == 1
    assert {"/account", "/applications"} <= set(kept_paths(page))

    page.goto("/account" if button == "Sign out everywhere" else "/")
    if button == "Sign out":
        open_menu(page)
    page.get_by_role("button", name=text(app, button, lang)).click()
    expect(page.get_by_role("link", name=text(app, "Sign in", lang))).to_be_visible()

    assert stored(page, "queue") == []
    assert stored(page, "drafts") == []
    personal = [
        path for path in kept_paths(page) if path.startswith(("/account", "/applications", "/book"))
    ]
    assert personal == []
    assert [
        name
        for name in cached_pages(page)
        if name.startswith("pages-") and name != "pages-anonymous"
    ] == []
    # The offline pages in the shell hold no account links: they are the same for everyone.
    offline(page.context)
    page.goto("/account")
    expect(page.get_by_role("heading", level=1)).to_have_text(text(app, "You are offline", lang))
    expect(page.get_by_role("button", name=text(app, "Sign out", lang))).to_have_count(0)


def test_kept_pages_go_when_the_account_is_signed_out_everywhere_from_another_phone(
    app, page, sent, browser, live_server
):
    lang = "zh"
    start_application(page, app, sent, lang)
    for path in ("/account", "/applications"):
        page.goto(path)
    page.goto("/")
    eventually(page, "(path) => caches.match(path, { ignoreVary: true })", "/account")

    other_phone = browser.new_context(base_url=live_server)
    other = other_phone.new_page()
    other.goto(f"/sign-in?lang={lang}")
    sign_in_with_mouse(other, app, sent, lang, mobile=MOBILE)
    other.goto("/account")
    other.get_by_role("button", name=text(app, "Sign out everywhere", lang)).click()
    expect(other.get_by_role("link", name=text(app, "Sign in", lang))).to_be_visible()
    other_phone.close()

    page.reload()  # the next page says the session is over: X-Account is "anonymous"
    expect(page.get_by_role("link", name=text(app, "Sign in", lang))).to_be_visible()
    eventually(
        page,
        """async () => (await caches.keys()).every(
            (name) => !name.startsWith("pages-") || name === "pages-anonymous")""",
    )
    offline(page.context)
    page.goto("/account")
    expect(page.get_by_role("heading", level=1)).to_have_text(text(app, "You are offline", lang))


def test_what_was_kept_more_than_a_week_ago_is_deleted_not_shown(app, page, sent):
    lang = "zh"
    start_application(page, app, sent, lang)
    question = page.url
    for path in ("/account", "/applications", "/book"):
        page.goto(path)
    just_kept = page.get_by_role("heading", level=1).inner_text()
    kept_at(page, "/account", A_WEEK_AND_A_MINUTE)
    kept_at(page, "/applications", None)  # kept by an older version, at no known time
    account = account_marker(page)
    typed = {
        "id": f"{account} {urlsplit(question).path}",
        "account": account,
        "at": long_ago(page),
        "fields": [["full_name", "阿依古丽"]],
    }
    put_in_store(page, "drafts", typed)

    offline(page.context)
    page.goto("/book")  # kept just now: shown
    expect(page.get_by_role("heading", level=1)).to_have_text(just_kept)
    for path in ("/account", "/applications"):
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_have_text(
            text(app, "You are offline", lang)
        )
    assert not {"/account", "/applications"} & set(kept_paths(page))

    page.goto(question)  # kept just now; the typing kept with it long ago is not put back
    expect(name_field(page, app, lang)).to_be_visible()
    eventually(page, f"async () => (await ({COUNT})('drafts')) === 0")
    expect(name_field(page, app, lang)).to_have_value("")


def test_old_pages_typing_and_sends_are_swept_when_the_worker_starts(app, page, sent):
    start_application(page, app, sent, "zh")
    question = page.url
    page.goto("/applications")
    kept_at(page, "/applications", A_WEEK_AND_A_MINUTE)
    account = account_marker(page)
    put_in_store(
        page,
        "drafts",
        {"id": f"{account} /elsewhere", "account": account, "at": long_ago(page), "fields": []},
    )
    put_in_store(
        page,
        "queue",
        {
            "url": question,
            "account": account,
            "at": long_ago(page),
            "entries": [["csrf_token", ""], ["full_name", "阿依古丽"]],
            "status": "waiting",
        },
    )

    # The phone stops the idle worker; the next page starts it again.
    devtools = page.context.new_cdp_session(page)
    devtools.send("ServiceWorker.enable")
    devtools.send("ServiceWorker.stopAllWorkers")
    page.goto("/")
    eventually(page, NOT_KEPT, "/applications")
    eventually(page, f"async () => (await ({COUNT})('drafts')) === 0")
    eventually(page, f"async () => (await ({COUNT})('queue')) === 0")
    assert answers_saved(app) == (None, 0)  # a week-old send is not sent either


def test_a_copy_of_a_page_that_is_no_longer_kept_is_deleted(app, page, sent):
    """A question holding the ID number is never kept; a copy kept before (by an older
    version) goes at its next load."""
    lang = "zh"
    start_application(page, app, sent, lang)
    id_question = page.url.replace("full-name", "id-number")
    page.evaluate(
        """async ([name, path]) => {
            const copy = new Response("<h1>11010519491231002X</h1>", {
                headers: { "Content-Type": "text/html", "X-Kept-At": String(Date.now()) },
            });
            await (await caches.open(name)).put(path, copy);
        }""",
        [f"pages-{account_marker(page)}", urlsplit(id_question).path],
    )
    page.goto(id_question)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        text(app, "What is your ID number?", lang)
    )
    eventually(page, NOT_KEPT, urlsplit(id_question).path)
    offline(page.context)
    page.goto(id_question)
    expect(page.get_by_role("heading", level=1)).to_have_text(text(app, "You are offline", lang))


def new_version(page, monkeypatch, tmp_path) -> str:
    """Deploys a changed worker and lets the phone find it; returns the old shell's name."""
    from app import pwa

    before = [name for name in cached_pages(page) if name.startswith("shell-")]
    for name in ("service-worker.js", "offline.js"):
        (tmp_path / name).write_text((pwa.SOURCE / name).read_text())
    with (tmp_path / "service-worker.js").open("a") as source:
        source.write("\n// the next version\n")
    monkeypatch.setattr(pwa, "SOURCE", tmp_path)
    page.evaluate("navigator.serviceWorker.getRegistration().then((r) => r.update())")
    return before[0]


def taken_over(page, old_shell: str) -> bool:
    """Whether the new version is active: it drops the old shell when it takes over."""
    return page.evaluate(
        """async (old) => {
            for (let tries = 0; tries < 50; tries += 1) {
                if (!(await caches.keys()).includes(old)) return true;
                await new Promise((resolve) => setTimeout(resolve, 100));
            }
            return false;
        }""",
        old_shell,
    )


def test_a_new_version_waits_for_the_journey_then_takes_over(
    app, page, sent, monkeypatch, tmp_path
):
    lang = "zh"
    start_application(page, app, sent, lang)
    question = urlsplit(page.url).path
    kept_at(page, question, A_WEEK_AND_A_MINUTE)  # the new version sweeps it when it takes over
    name_field(page, app, lang).fill("王军")  # halfway through a page
    old_shell = new_version(page, monkeypatch, tmp_path)
    eventually(
        page, "async () => (await navigator.serviceWorker.getRegistration()).waiting !== null"
    )

    # Continue while the new version is installed: the journey goes on, undisturbed.
    page.get_by_role("button", name=name_pattern(text(app, "Continue", lang))).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        text(app, "What is your ID number?", lang)
    )
    assert answers_saved(app) == ("王军", 1)

    # The person leaves the app: now the new version takes over.
    page.evaluate(
        """() => {
            Object.defineProperty(document, "visibilityState", { get: () => "hidden" });
            document.dispatchEvent(new Event("visibilitychange"));
        }"""
    )
    assert taken_over(page, old_shell), "the new version never took over"
    assert len([name for name in cached_pages(page) if name.startswith("shell-")]) == 1
    eventually(page, NOT_KEPT, question)


def test_a_photo_chosen_offline_is_sent_with_its_answer(app, page, sent):
    from tests.fixtures import files

    lang = "zh"
    start_application(page, app, sent, lang)
    photo_page = page.url.replace("full-name", "licence-photo")
    with app.app_context():  # answers up to the photo, as if given on another day
        application = db.session.scalars(select(Application)).one()
        application.answers = {**application.answers, "has_licence": "yes"}
        db.session.commit()
    page.goto(photo_page)
    offline(page.context)
    page.get_by_label(text(app, "Add a photo of your business licence", lang)).set_input_files(
        {"name": "营业执照.jpg", "mimeType": "image/jpeg", "buffer": files.photo_jpeg()}
    )
    continue_offline(page, app, lang)
    online(page.context)
    expect(status(page)).to_contain_text(text(app, "Your answer was sent.", lang))
    with app.app_context():
        documents = db.session.scalars(select(Document)).all()
        assert [document.filename for document in documents] == ["营业执照.jpg"]


@pytest.mark.parametrize("lang", LANGS)
def test_chromium_finds_the_app_installable(app, page, lang):
    page.goto(f"/?lang={lang}")
    controlled(page)
    devtools = page.context.new_cdp_session(page)
    manifest = devtools.send("Page.getAppManifest")
    assert manifest["errors"] == []
    assert manifest["url"].endswith(f"/manifest/{lang}.webmanifest")
    errors = devtools.send("Page.getInstallabilityErrors")["installabilityErrors"]
    # Test contexts are private windows, where Chromium never installs; nothing else may stop it.
    assert [error["errorId"] for error in errors if error["errorId"] != "in-incognito"] == []


def test_installing_the_worker_leaves_the_session_cookie_alone(page):
    """The shell is fetched without cookies: a shell response that set the session cookie
    could arrive after the person's own request (a Start pressed at once) and undo it."""
    page.goto("/apply/startup-subsidy")  # a page with a form: the session holds its token
    before = {c["name"]: c["value"] for c in page.context.cookies()}
    assert "session" in before
    controlled(page)  # installed, with every file of the shell fetched
    after = {c["name"]: c["value"] for c in page.context.cookies()}
    assert after["session"] == before["session"]


def test_the_kept_pages_way_back_stays_on_this_site(page, live_server):
    """The kept page leads back to the question it came `from`, but never to another site,
    whatever the browser makes of a tab, a newline or a backslash in it."""

    def way_back(came_from: str) -> str:
        page.goto(f"/offline/zh/kept?from={quote(came_from, safe='')}")
        expect(status(page)).not_to_be_empty()  # the script has run
        return page.locator("[data-return]").evaluate("link => link.href")

    question = "/applications/1/full-name?change=1"
    assert way_back(question) == live_server + question
    for payload in NEXT_PAYLOADS:
        address = urlsplit(way_back(unquote(payload)))
        assert f"{address.scheme}://{address.netloc}" == live_server, payload
