"""Alibaba Cloud SMS (dysmsapi 2017-05-25): SendSms, and QuerySendDetails for receipts.

Settings: SMS_ACCESS_KEY_ID, SMS_ACCESS_KEY_SECRET (a RAM user's key allowed to send SMS),
SMS_SIGN_NAME (the approved signature), SMS_TEMPLATES, and SMS_ENDPOINT (default
dysmsapi.aliyuncs.com). A business error comes back as HTTP 200 with a Code other than "OK";
faults of the request or the server as HTTP 4xx/5xx, which the SDK raises.
"""

import json

from app.clock import LOCAL_TIME
from app.services.messaging import Kind, Message, SendFailed
from app.services.sms import Endpoint, Templates
from app.services.sms.receipts import Pending, Receipt, beijing_time

# Codes that may pass: flow control (per number, per minute/hour/day), throttling, the
# provider's own faults. Any code not listed in either set is tried again too, until the
# last try, so that a new code never loses a message at once.
RETRYABLE = frozenset(
    {
        "isv.BUSINESS_LIMIT_CONTROL",
        "isv.DAY_LIMIT_CONTROL",
        "isv.MONTH_LIMIT_CONTROL",
        "Throttling",
        "Throttling.User",
        "Throttling.Api",
        "isp.SYSTEM_ERROR",
        "isp.GATEWAY_ERROR",
        "ServiceUnavailable",
        "InternalError",
        "SignatureNonceUsed",
    }
)
# Codes that will not pass by waiting: the number, the template, the signature, the account.
PERMANENT = frozenset(
    {
        "isv.MOBILE_NUMBER_ILLEGAL",
        "isv.MOBILE_COUNT_OVER_LIMIT",
        "isv.DOMESTIC_NUMBER_NOT_SUPPORTED",
        "isv.SMS_TEMPLATE_ILLEGAL",
        "isv.TEMPLATE_MISSING_PARAMETERS",
        "isv.TEMPLATE_PARAMS_ILLEGAL",
        "isv.INVALID_JSON_PARAM",
        "isv.INVALID_PARAMETERS",
        "isv.PARAM_LENGTH_LIMIT",
        "isv.SMS_SIGNATURE_ILLEGAL",
        "isv.SMS_SIGN_ILLEGAL",
        "isv.SIGN_STATE_ILLEGAL",
        "isv.SMS_SIGNATURE_SCENE_ILLEGAL",
        "isv.SMS_CONTENT_ILLEGAL",
        "isv.BLACK_KEY_CONTROL_LIMIT",
        "isv.AMOUNT_NOT_ENOUGH",
        "isv.OUT_OF_SERVICE",
        "isv.ACCOUNT_NOT_EXISTS",
        "isv.ACCOUNT_ABNORMAL",
        "isv.PRODUCT_UN_SUBSCRIPT",
        "isv.PRODUCT_UNSUBSCRIBE",
        "isv.DENY_IP_RANGE",
        "isp.RAM_PERMISSION_DENY",
        "InvalidAccessKeyId.NotFound",
        "SignatureDoesNotMatch",
        "Forbidden.RAM",
    }
)


def retryable(code: str, status: int | None = None) -> bool:
    if code in RETRYABLE or (status is not None and status >= 500):
        return True
    return code not in PERMANENT


# QuerySendDetails' SendStatus: 1 waiting for the receipt, 2 failed, 3 delivered.
DELIVERED, FAILED = 3, 2


class AliyunSender:
    SETTINGS = ("SMS_ACCESS_KEY_ID", "SMS_ACCESS_KEY_SECRET", "SMS_SIGN_NAME", "SMS_TEMPLATES")

    def __init__(self, config: dict, templates: Templates):
        from alibabacloud_dysmsapi20170525.client import Client
        from alibabacloud_tea_openapi.models import Config

        endpoint = Endpoint.parse(config.get("SMS_ENDPOINT"), "dysmsapi.aliyuncs.com")
        self.client = Client(
            Config(
                access_key_id=config["SMS_ACCESS_KEY_ID"],
                access_key_secret=config["SMS_ACCESS_KEY_SECRET"],
                endpoint=endpoint.host,
                protocol=endpoint.scheme,
            )
        )
        self.sign_name = config["SMS_SIGN_NAME"]
        self.templates = templates
        self.timeout_ms = int(config["SMS_TIMEOUT_SECONDS"] * 1000)

    def language_for(self, kind: Kind, language: str) -> str:
        return self.templates.language_for(kind, language)

    def _runtime(self):
        from darabonba.runtime import RuntimeOptions

        # One try per call: the outbox decides when to try again.
        return RuntimeOptions(
            autoretry=False, connect_timeout=self.timeout_ms, read_timeout=self.timeout_ms
        )

    def _call(self, method, request):
        """Calls the API; its errors raised as SendFailed with the provider's code."""
        from alibabacloud_tea_openapi.exceptions import AlibabaCloudException, ThrottlingException

        try:
            return method(request, self._runtime())
        except ThrottlingException as error:
            raise SendFailed(error.code or "Throttling", retryable=True) from error
        except AlibabaCloudException as error:
            code = error.code if error.code not in (None, "None") else f"http-{error.status_code}"
            raise SendFailed(code, retryable(code, error.status_code)) from error
        except Exception as error:  # no answer: a timeout, a refused connection
            raise SendFailed(_network_code(error), retryable=True) from error

    def send(self, mobile: str, message: Message) -> str:
        from alibabacloud_dysmsapi20170525.models import SendSmsRequest

        request = SendSmsRequest(
            phone_numbers=mobile,
            sign_name=self.sign_name,
            template_code=self.templates.id_for(message.kind, message.language),
            template_param=json.dumps(message.params, ensure_ascii=False),
        )
        body = self._call(self.client.send_sms_with_options, request).body
        if body.code != "OK":
            raise SendFailed(body.code or "unknown", retryable(body.code or ""))
        return body.biz_id

    def receipts(self, pending: list[Pending]) -> list[Receipt]:
        """Asks for each message's delivery, by its number, BizId and day (Beijing time)."""
        from alibabacloud_dysmsapi20170525.models import QuerySendDetailsRequest

        found = []
        for message in pending:
            request = QuerySendDetailsRequest(
                phone_number=message.mobile,
                biz_id=message.provider_id,
                send_date=message.sent_at.astimezone(LOCAL_TIME).strftime("%Y%m%d"),
                page_size=1,
                current_page=1,
            )
            body = self._call(self.client.query_send_details_with_options, request).body
            details = body.sms_send_detail_dtos
            for detail in (details.sms_send_detail_dto or []) if details else []:
                if detail.send_status in (DELIVERED, FAILED):
                    found.append(
                        Receipt(
                            provider_id=message.provider_id,
                            delivered=detail.send_status == DELIVERED,
                            code=None if detail.send_status == DELIVERED else detail.err_code,
                            at=beijing_time(detail.receive_date),
                        )
                    )
        return found


def _network_code(error: Exception) -> str:
    return "timeout" if "timed out" in str(error).lower() else "network"
