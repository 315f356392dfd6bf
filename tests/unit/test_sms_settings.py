"""The SMS providers' settings and rules, without a network: which error codes are tried
again, what SMS_TEMPLATES must hold, what a provider's backend needs to start, and that the
demo never loads a provider's SDK."""

import json
import subprocess
import sys

import pytest

from app import create_app
from app.services.messaging import Kind
from app.services.sms import Endpoint, Templates, aliyun, tencent
from tests.unit.test_settings import GOOD

EVERY_KIND = {kind.value: {"zh": f"T-{kind.value}"} for kind in Kind}


@pytest.mark.parametrize(
    ("code", "retryable"),
    [
        ("isv.BUSINESS_LIMIT_CONTROL", True),  # flow control per number
        ("isv.DAY_LIMIT_CONTROL", True),
        ("Throttling.User", True),
        ("isp.SYSTEM_ERROR", True),
        ("isv.MOBILE_NUMBER_ILLEGAL", False),
        ("isv.SMS_TEMPLATE_ILLEGAL", False),
        ("isv.SMS_SIGNATURE_ILLEGAL", False),
        ("isv.AMOUNT_NOT_ENOUGH", False),  # no money left on the account
        ("isv.OUT_OF_SERVICE", False),
        ("isv.SOMETHING_NEW", True),  # unknown: tried again until the last try
    ],
)
def test_alibaba_codes_are_told_apart(code, retryable):
    assert aliyun.retryable(code) is retryable


def test_an_alibaba_server_fault_is_tried_again_whatever_its_code():
    assert aliyun.retryable("isv.INVALID_PARAMETERS", status=503)


@pytest.mark.parametrize(
    ("code", "retryable"),
    [
        ("LimitExceeded.PhoneNumberDailyLimit", True),
        ("LimitExceeded.DeliveryFrequencyLimit", True),
        ("RequestLimitExceeded", True),
        ("InternalError.Timeout", True),
        ("ClientNetworkError", True),
        ("ServerNetworkError", True),
        ("InvalidParameterValue.IncorrectPhoneNumber", False),
        ("FailedOperation.TemplateIncorrectOrUnapproved", False),
        ("FailedOperation.SignatureIncorrectOrUnapproved", False),
        ("FailedOperation.InsufficientBalanceInSmsPackage", False),
        ("FailedOperation.PhoneNumberInBlacklist", False),
        ("AuthFailure.SignatureFailure", False),
        ("UnauthorizedOperation.SmsSdkAppIdVerifyFail", False),
    ],
)
def test_tencent_codes_are_told_apart(code, retryable):
    assert tencent.retryable(code) is retryable


def test_templates_need_a_chinese_template_for_every_kind():
    missing = {**EVERY_KIND, "paid": {"ug": "T-paid-ug"}}
    [problem] = Templates(missing).problems()
    assert "paid" in problem and "zh" in problem
    assert Templates(EVERY_KIND).problems() == []
    assert "no such kind birthday" in Templates({**EVERY_KIND, "birthday": {}}).problems()[0]


def test_templates_may_come_from_a_file(tmp_path):
    path = tmp_path / "templates.json"
    path.write_text(json.dumps(EVERY_KIND))
    assert Templates.from_setting(str(path)).id_for(Kind.PAID, "zh") == "T-paid"


@pytest.mark.parametrize(
    ("setting", "host", "scheme"),
    [
        (None, "dysmsapi.aliyuncs.com", "https"),
        ("dysmsapi.cn-hangzhou.aliyuncs.com", "dysmsapi.cn-hangzhou.aliyuncs.com", "https"),
        ("http://127.0.0.1:8080", "127.0.0.1:8080", "http"),
    ],
)
def test_the_endpoint_setting_gives_a_host_and_a_scheme(setting, host, scheme):
    assert Endpoint.parse(setting, "dysmsapi.aliyuncs.com") == Endpoint(host, scheme)


PROVIDERS = {
    "aliyun": {
        "SMS_ACCESS_KEY_ID": "id",
        "SMS_ACCESS_KEY_SECRET": "secret",
        "SMS_SIGN_NAME": "昌吉州残联",
    },
    "tencent": {
        "SMS_SECRET_ID": "id",
        "SMS_SECRET_KEY": "secret",
        "SMS_SDK_APP_ID": "1400000000",
        "SMS_SIGN_NAME": "昌吉州残联",
    },
}


@pytest.fixture(params=sorted(PROVIDERS))
def production(request, monkeypatch, tmp_path):
    """Production with a provider's backend and every setting it needs."""
    monkeypatch.delenv("DEMO_MODE", raising=False)
    settings = {
        **GOOD,
        **PROVIDERS[request.param],
        "MESSAGE_BACKEND": request.param,
        "SMS_TEMPLATES": json.dumps(EVERY_KIND),
    }
    for name, value in settings.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'production.sqlite3'}")
    monkeypatch.settings = settings
    return monkeypatch


def test_production_starts_with_a_provider(production):
    app = create_app({"TESTING": False})
    assert type(app.extensions["message_sender"]).__module__.startswith("app.services.sms.")


def test_a_provider_without_its_settings_refuses_to_start_and_names_them(production):
    needed = [name for name in production.settings if name.startswith("SMS_")]
    for name in needed:
        production.delenv(name)
    with pytest.raises(RuntimeError) as refused:
        create_app({"TESTING": False})
    assert all(name in str(refused.value) for name in needed)
    assert "secret" not in str(refused.value)


def test_the_demo_never_loads_a_providers_sdk(tmp_path):
    database = f"sqlite:///{tmp_path}/demo.sqlite3"
    script = (
        "import sys; from app import create_app; "
        f"create_app({{'DEMO_MODE': True, 'SQLALCHEMY_DATABASE_URI': {database!r}}}); "
        "print(sorted({m.split('.')[0] for m in sys.modules "
        "if m.startswith(('alibabacloud', 'tencentcloud', 'darabonba'))}))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip().splitlines()[-1] == "[]"
