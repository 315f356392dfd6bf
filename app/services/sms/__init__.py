"""The backends of China's SMS providers: Alibaba Cloud SMS (`aliyun`) and Tencent Cloud SMS
(`tencent`), chosen by MESSAGE_BACKEND. Each imports its SDK only when it is made.

Both send a kind's approved template (`Templates`) under the registered signature, with the
kind's values (app/services/messaging.py, PARAMETERS), and tell errors that may pass (throttling,
timeouts, the provider's own faults) from errors that will not (a wrong number, a template not
approved, no money left) by the provider's code.
"""

import json
import logging
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from app.config import DEFAULT_LANGUAGE
from app.services.messaging import Kind, MessageSender

log = logging.getLogger(__name__)

FALLBACK_LANGUAGE = DEFAULT_LANGUAGE


class Templates:
    """The provider's template id for each kind and language, from SMS_TEMPLATES: JSON, or the
    path of a JSON file, {"sign_in_code": {"zh": "SMS_123", "ug": "SMS_456"}, ...}."""

    def __init__(self, ids: dict[str, dict[str, str]]):
        self.ids = ids

    @classmethod
    def from_setting(cls, setting: str) -> "Templates":
        text = setting.strip()
        if not text.startswith("{"):
            text = Path(text).read_text(encoding="utf-8")
        return cls(json.loads(text))

    def problems(self) -> list[str]:
        unknown = sorted(set(self.ids) - set(Kind))
        missing = [kind for kind in Kind if not self.ids.get(kind, {}).get(FALLBACK_LANGUAGE)]
        problems = []
        if unknown:
            problems.append(f"SMS_TEMPLATES: no such kind {', '.join(unknown)}")
        if missing:
            problems.append(
                f"SMS_TEMPLATES: a Chinese (zh) template for {', '.join(missing)}, "
                f"kinds: {', '.join(Kind)}"
            )
        return problems

    def language_for(self, kind: Kind, language: str) -> str:
        """The resident's language when the kind has a template in it; else Chinese, logged
        (the kind and language only: nothing about the resident)."""
        if self.ids.get(kind, {}).get(language):
            return language
        log.warning("no %s template for %s: the message is sent in Chinese", kind, language)
        return FALLBACK_LANGUAGE

    def id_for(self, kind: Kind, language: str) -> str:
        return self.ids[kind][language]


@dataclass(frozen=True)
class Endpoint:
    """SMS_ENDPOINT: a host name ("dysmsapi.aliyuncs.com"), or a URL whose scheme says http or
    https (a local fake in the tests is http://127.0.0.1:port)."""

    host: str
    scheme: str

    @classmethod
    def parse(cls, setting: str | None, default_host: str) -> "Endpoint":
        if not setting:
            return cls(default_host, "https")
        if "://" not in setting:
            return cls(setting, "https")
        parts = urlsplit(setting)
        return cls(parts.netloc, parts.scheme)


def required(config: dict, names: tuple[str, ...]) -> list[str]:
    return [
        f"{name}: needed by MESSAGE_BACKEND={config['MESSAGE_BACKEND']}"
        for name in names
        if not config.get(name)
    ]


# Loggers that write a request's number and values (a sign-in code) when set to DEBUG:
# Tencent's SDK logs each request's body; urllib3 each URL, and Alibaba's carry the
# parameters in theirs. Kept at INFO, whatever the root logger's level.
TELLING_LOGGERS = ("tencentcloud_sdk_common", "urllib3.connectionpool")


def backend(name: str, config: dict) -> MessageSender:
    """The named provider's backend, or RuntimeError naming every setting it misses."""
    for logger in TELLING_LOGGERS:
        logging.getLogger(logger).setLevel(logging.INFO)
    if name == "aliyun":
        from app.services.sms.aliyun import AliyunSender as made
    else:
        from app.services.sms.tencent import TencentSender as made
    problems = required(config, made.SETTINGS)
    templates = None
    if config.get("SMS_TEMPLATES"):
        try:
            templates = Templates.from_setting(config["SMS_TEMPLATES"])
        except (OSError, ValueError) as error:
            problems.append(f"SMS_TEMPLATES: JSON or the path of a JSON file ({error})")
        else:
            problems += templates.problems()
    if problems:
        raise RuntimeError("The text-message provider is not set up:\n  " + "\n  ".join(problems))
    return made(config, templates)
