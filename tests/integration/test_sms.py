"""Text messages through Alibaba Cloud SMS and Tencent Cloud SMS, each SDK talking to a local
fake of the provider's API (tests/fakes/sms_providers.py): the signed request, the template
and its values, and what each class of error does to the message."""

import itertools
import json
import logging
import re
from datetime import timedelta

import pytest
from flask_babel import get_locale
from sqlalchemy import select

from app.config import LANGUAGES
from app.extensions import db
from app.models import Application, Notification, Role, Status
from app.models.base import utcnow
from app.services import messaging, notifications
from app.services.sms import receipts
from tests.fakes.sms_providers import Answer, FakeAliyun, FakeTencent
from tests.fixtures.applications import submitted_application
from tests.helpers import location, staff_member, translated

MOBILE = "13912345678"
# Uyghur templates for some kinds only: the others fall back to Chinese.
TEMPLATES = {kind.value: {"zh": f"zh-{kind.value}"} for kind in messaging.Kind}
TEMPLATES["sign_in_code"]["ug"] = "ug-sign_in_code"
TEMPLATES["approved"]["ug"] = "ug-approved"

SETTINGS = {
    "aliyun": {"SMS_ACCESS_KEY_ID": "fake-key-id", "SMS_ACCESS_KEY_SECRET": "fake-secret"},
    "tencent": {
        "SMS_SECRET_ID": "fake-key-id",
        "SMS_SECRET_KEY": "fake-secret",
        "SMS_SDK_APP_ID": "1400000000",
        "SMS_REGION": "ap-guangzhou",
    },
}
FAKES = {"aliyun": FakeAliyun, "tencent": FakeTencent}
# A code of each class, as each provider says it.
THROTTLED = {
    "aliyun": "isv.BUSINESS_LIMIT_CONTROL",
    "tencent": "LimitExceeded.PhoneNumberDailyLimit",
}
WRONG_NUMBER = {
    "aliyun": "isv.MOBILE_NUMBER_ILLEGAL",
    "tencent": "InvalidParameterValue.IncorrectPhoneNumber",
}
UNAPPROVED = {
    "aliyun": "isv.SMS_TEMPLATE_ILLEGAL",
    "tencent": "FailedOperation.TemplateIncorrectOrUnapproved",
}
SERVER_FAULT = {"aliyun": "ServiceUnavailable", "tencent": "ServerNetworkError"}


@pytest.fixture(params=["aliyun", "tencent"])
def provider(request, app, sent):
    """The app sending through one provider's backend, talking to its fake."""
    name = request.param
    fake = FAKES[name]()
    config = {
        **app.config,
        **SETTINGS[name],
        "MESSAGE_BACKEND": name,
        "SMS_ENDPOINT": fake.start(),
        "SMS_SIGN_NAME": "昌吉州残联",
        "SMS_TEMPLATES": json.dumps(TEMPLATES),
        "SMS_TIMEOUT_SECONDS": 1,
    }
    kept = app.extensions["message_sender"]
    app.extensions["message_sender"] = messaging.BACKENDS[name](config)
    fake.name, fake.config = name, config
    yield fake
    app.extensions["message_sender"] = kept
    fake.stop()


def template_and_values(fake, recorded) -> tuple[str, str, list[str] | dict]:
    """The template id, signature and values a SendSms request asked for."""
    if fake.name == "aliyun":
        params = recorded.params
        return params["TemplateCode"], params["SignName"], json.loads(params["TemplateParam"])
    params = recorded.params
    return params["TemplateId"], params["SignName"], params["TemplateParamSet"]


def assert_signed(fake, recorded) -> None:
    """Signed with the account's key: the Authorization header names the algorithm and the
    key id, and its signature is the one the fake computes with the secret (never sent)."""
    algorithm = {"aliyun": "ACS3-HMAC-SHA256", "tencent": "TC3-HMAC-SHA256"}[fake.name]
    assert recorded.authorization.startswith(f"{algorithm} Credential=fake-key-id")
    assert re.search(r"Signature=[0-9a-f]{64}$", recorded.authorization)
    assert recorded.signature_valid
    assert "fake-secret" not in recorded.authorization


def test_a_sign_in_code_goes_at_once_as_the_approved_template(provider, visitor):
    visitor.choose_language("ug")
    response = visitor.submit("/sign-in", {"mobile": MOBILE})
    assert location(response) == "/sign-in/code"
    [request] = provider.sent()
    assert request.action == "SendSms"
    assert_signed(provider, request)
    template, sign_name, values = template_and_values(provider, request)
    assert (template, sign_name) == ("ug-sign_in_code", "昌吉州残联")
    code = values["code"] if provider.name == "aliyun" else values[0]
    assert re.fullmatch(r"\d{6}", code)
    number = request.params.get("PhoneNumbers") or request.params["PhoneNumberSet"][0]
    assert number in (MOBILE, f"+86{MOBILE}")
    # The code that reached the phone signs in.
    response = visitor.submit("/sign-in/code", {"code": code})
    assert location(response) != "/sign-in/code"


SECRET_SETTING = {"aliyun": "SMS_ACCESS_KEY_SECRET", "tencent": "SMS_SECRET_KEY"}


def test_the_fake_tells_a_request_signed_with_another_secret(app, provider):
    """The check of the signature can fail: a backend with a wrong secret is caught."""
    wrong = messaging.BACKENDS[provider.name](
        {**provider.config, SECRET_SETTING[provider.name]: "x"}
    )
    message = messaging.Message(messaging.Kind.SIGN_IN_CODE, "zh", {"code": "123456"}, "")
    wrong.send(MOBILE, message)
    [request] = provider.sent()
    assert request.authorization.startswith(("ACS3-HMAC-SHA256", "TC3-HMAC-SHA256"))
    assert not request.signature_valid


def approve(app, caseworker, locale="zh") -> int:
    with app.app_context():
        application_id = submitted_application(status=Status.UNDER_REVIEW, locale=locale)
    response = caseworker.submit(
        f"/staff/applications/{application_id}/approve", {"amount": "4800"}
    )
    assert response.status_code == 302
    return application_id


def notice_of(app, application_id: int) -> Notification:
    with app.app_context():
        notice = db.session.scalars(
            select(Notification).where(Notification.application_id == application_id)
        ).one()
        db.session.expunge(notice)
        return notice


@pytest.fixture
def caseworker(app, sent, authenticator):
    return staff_member(app, sent, authenticator, Role.CASEWORKER, district="changji")


def test_a_decision_sends_its_template_with_its_values(app, provider, caseworker):
    application_id = approve(app, caseworker)
    [request] = provider.sent()
    assert_signed(provider, request)
    template, _sign, values = template_and_values(provider, request)
    with app.app_context():
        reference = db.session.get(Application, application_id).reference
    assert template == "zh-approved"
    if provider.name == "aliyun":
        assert values == {"reference": reference, "amount": "¥4,800.00"}
    else:  # Tencent numbers its template's values: {1} the reference, {2} the amount
        assert values == [reference, "¥4,800.00"]
    notice = notice_of(app, application_id)
    assert notice.sent_at is not None and notice.provider_id  # BizId or SerialNo, for receipts


def test_a_kind_without_a_template_in_the_residents_language_goes_in_chinese(
    app, provider, caseworker, caplog
):
    with app.app_context():
        application_id = submitted_application(status=Status.UNDER_REVIEW, locale="ug")
    with caplog.at_level(logging.WARNING):
        caseworker.submit(
            f"/staff/applications/{application_id}/reject", {"reason": "not_eligible", "note": ""}
        )
    [request] = provider.sent()
    template, _sign, values = template_and_values(provider, request)
    assert template == "zh-rejected"
    assert "no rejected template for ug: the message is sent in Chinese" in caplog.text
    with app.app_context():
        application = db.session.get(Application, application_id)
        mobile = application.resident.mobile
        assert values in ({"reference": application.reference}, [application.reference])
    assert mobile not in caplog.text and mobile[-4:] not in caplog.text


@pytest.mark.parametrize("error", ["throttled", "server fault", "timeout"])
def test_an_error_that_may_pass_is_tried_again_after_a_pause(
    app, provider, caseworker, error, monkeypatch
):
    attempts = []  # what a counter of sent and retried messages hears
    monkeypatch.setattr(messaging, "LISTENERS", [attempts.append])
    answer = {
        "throttled": Answer(THROTTLED[provider.name]),
        "server fault": Answer(SERVER_FAULT[provider.name], status=503),
        "timeout": Answer(silent=True),
    }[error]
    provider.answer(answer)
    before = utcnow()
    application_id = approve(app, caseworker)
    notice = notice_of(app, application_id)
    assert notice.sent_at is None and notice.failed_at is None
    assert notice.attempts == 1
    expected_code = {
        "throttled": THROTTLED[provider.name],
        "server fault": SERVER_FAULT[provider.name],
        "timeout": "timeout",
    }[error]
    assert notice.failure_code == expected_code
    pause = notice.next_attempt_at - before
    assert messaging.BACKOFF[0] <= pause < messaging.BACKOFF[0] + timedelta(seconds=30)
    with app.app_context():
        assert notifications.send_unsent() == 0  # not before its time
        assert notifications.send_unsent(notice.next_attempt_at) == 1
    assert len(provider.sent()) == 2
    notice = notice_of(app, application_id)
    assert notice.sent_at is not None and notice.provider_id and notice.failed_at is None
    approved = messaging.Kind.APPROVED
    assert attempts == [
        messaging.Attempt(approved, messaging.Outcome.RETRY, expected_code),
        messaging.Attempt(approved, messaging.Outcome.SENT),
    ]


def test_each_pause_is_longer_and_the_last_try_fails_for_good(app, provider, caseworker):
    provider.answer(*[THROTTLED[provider.name]] * (len(messaging.BACKOFF) + 1))
    application_id = approve(app, caseworker)
    pauses = []
    for _ in messaging.BACKOFF:
        notice = notice_of(app, application_id)
        pauses.append(notice.next_attempt_at)
        with app.app_context():
            notifications.send_unsent(notice.next_attempt_at)
    # Each try is made when it is due, and the next waits longer: 1, 5, 30 minutes, 2, 6 hours.
    gaps = [later - earlier for earlier, later in itertools.pairwise(pauses)]
    assert gaps == list(messaging.BACKOFF[1:])
    notice = notice_of(app, application_id)
    assert notice.failed_at is not None and notice.attempts == len(messaging.BACKOFF) + 1
    assert notice.failure_code == THROTTLED[provider.name]
    with app.app_context():  # never tried again
        assert notifications.send_unsent(utcnow() + timedelta(days=2)) == 0


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("which", ["wrong number", "template not approved"])
def test_a_refusal_fails_at_once_and_staff_see_the_providers_code(
    app, provider, caseworker, lang, which
):
    code = {"wrong number": WRONG_NUMBER, "template not approved": UNAPPROVED}[which][provider.name]
    provider.answer(code)
    caseworker.choose_language(lang)
    application_id = approve(app, caseworker)
    notice = notice_of(app, application_id)
    assert notice.failed_at is not None and notice.failure_code == code and notice.attempts == 1
    with app.app_context():
        assert notifications.send_unsent(utcnow() + timedelta(days=1)) == 0
        resident = db.session.get(Application, application_id).resident
        resident.details = {"district": "changji"}  # a resident of the caseworker's district
        db.session.commit()
        resident_id = resident.id
    assert len(provider.sent()) == 1
    for url in (f"/staff/applications/{application_id}", f"/staff/residents/{resident_id}"):
        response = caseworker.get(url)
        assert response.status_code == 200, url
        page = response.get_data(as_text=True)
        assert translated("Text messages that did not reach the resident", lang) in page
        assert code in page
        assert translated("Approved", lang) in page


def test_the_daily_cap_keeps_a_message_for_the_next_day(app, provider, caseworker):
    app.config["SMS_DAILY_CAP_PER_NUMBER"] = 1
    try:
        with app.app_context():
            first = submitted_application(status=Status.UNDER_REVIEW)
            resident_id = db.session.get(Application, first).resident_id
            second = submitted_application(status=Status.UNDER_REVIEW)
            db.session.get(Application, second).resident_id = resident_id
            db.session.commit()
        for application_id in (first, second):
            caseworker.submit(f"/staff/applications/{application_id}/approve", {"amount": "1"})
    finally:
        app.config["SMS_DAILY_CAP_PER_NUMBER"] = 20
    assert len(provider.sent()) == 1
    capped = notice_of(app, second)
    assert capped.sent_at is None and capped.failed_at is None and capped.attempts == 0
    assert capped.next_attempt_at - utcnow() > timedelta(hours=23)


def test_a_sign_in_code_refused_by_the_provider_is_said_on_the_page(provider, visitor, caplog):
    provider.answer(WRONG_NUMBER[provider.name])
    with caplog.at_level(logging.DEBUG):
        response = visitor.submit("/sign-in", {"mobile": MOBILE})
    assert f"a sign-in code was not sent: {WRONG_NUMBER[provider.name]}" in caplog.text
    # Not even at DEBUG do the SDKs write the number or the code (app/services/sms/).
    _template, _sign, values = template_and_values(provider, provider.sent()[0])
    code = values["code"] if provider.name == "aliyun" else values[0]
    assert MOBILE not in caplog.text and MOBILE[-4:] not in caplog.text
    assert code not in caplog.text
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert (
        translated(
            "We could not send the code just now. Check the number, then try again in a minute.",
            "zh",
        )
        in page
    )


def test_the_days_cap_refuses_a_sign_in_code_and_says_so(app, provider, visitor):
    app.config["SMS_DAILY_CAP_PER_NUMBER"] = 1
    try:
        assert location(visitor.submit("/sign-in", {"mobile": MOBILE})) == "/sign-in/code"
        response = visitor.client.post("/sign-in/new-code", data={"csrf_token": _token(visitor)})
    finally:
        app.config["SMS_DAILY_CAP_PER_NUMBER"] = 20
    page = visitor.get(location(response)).get_data(as_text=True)
    assert (
        translated(
            "We have sent this number as many text messages as we can in a day. "
            "Try again tomorrow, or sign in with a passkey.",
            "zh",
        )
        in page
    )
    assert len(provider.sent()) == 1


def _token(visitor) -> str:
    from tests.helpers import csrf_from

    return csrf_from(visitor.get("/sign-in/code").get_data(as_text=True))


def test_receipts_mark_messages_delivered_or_failed(app, provider, caseworker):
    delivered_id, failed_id = approve(app, caseworker), approve(app, caseworker)
    delivered, failed = notice_of(app, delivered_id), notice_of(app, failed_id)
    if provider.name == "aliyun":
        provider.receipts = [
            {
                "BizId": delivered.provider_id,
                "SendStatus": 3,
                "ErrCode": "DELIVERED",
                "ReceiveDate": "2026-12-02 08:00:01",
            },
            {
                "BizId": failed.provider_id,
                "SendStatus": 2,
                "ErrCode": "MK:0001",
                "ReceiveDate": "2026-12-02 08:00:02",
            },
        ]
    else:
        provider.receipts = [
            {
                "SerialNo": delivered.provider_id,
                "ReportStatus": "SUCCESS",
                "Description": "DELIVRD",
                "UserReceiveTime": "2026-12-02 08:00:01",
            },
            {
                "SerialNo": failed.provider_id,
                "ReportStatus": "FAIL",
                "Description": "MK:0001",
                "UserReceiveTime": "2026-12-02 08:00:02",
            },
        ]
    with app.app_context():
        assert receipts.collect(messaging.sender()) == (1, 1)
    action = {"aliyun": "QuerySendDetails", "tencent": "PullSmsSendStatus"}[provider.name]
    assert provider.sent(action) and all(
        r.authorization.startswith(("ACS3", "TC3")) for r in provider.sent(action)
    )
    assert notice_of(app, delivered_id).delivered_at is not None
    failed = notice_of(app, failed_id)
    assert failed.failed_at is not None and failed.failure_code == "MK:0001"
    with app.app_context():  # known now: not asked about again
        assert receipts.collect(messaging.sender()) == (0, 0)
    done = app.test_cli_runner().invoke(args=["sms-receipts"])
    assert done.exit_code == 0 and done.output == "0 delivered, 0 failed.\n"


def test_the_demos_backend_keeps_the_kind_language_and_values(app, visitor):
    visitor.choose_language("ug")
    visitor.submit("/sign-in", {"mobile": MOBILE})
    [(mobile, message)] = app.extensions["message_sender"].messages
    assert (mobile, message.kind, message.language) == (MOBILE, "sign_in_code", "ug")
    assert message.params == {"code": visitor.last_code(MOBILE)}
    assert message.text == visitor.sent[-1][1]


@pytest.mark.parametrize("kept", [None, "fr"])
def test_a_language_the_service_does_not_speak_is_written_in_chinese(app, kept):
    """No language kept on the account, or one whose catalogue has since gone: Chinese, never
    the untranslated English of the code."""
    with app.test_request_context():
        message = messaging.compose(
            messaging.Kind.SIGN_IN_CODE, kept, lambda: ({"code": "123456"}, str(get_locale()))
        )
    assert message.language == "zh" and message.text == "zh"
