"""Tencent Cloud SMS (sms 2021-01-11): SendSms, and PullSmsSendStatus for receipts.

Settings: SMS_SECRET_ID, SMS_SECRET_KEY (a CAM key allowed to send SMS), SMS_SDK_APP_ID (the SMS
application, 1400...), SMS_SIGN_NAME, SMS_TEMPLATES, SMS_REGION (default ap-guangzhou) and
SMS_ENDPOINT (default sms.tencentcloudapi.com). A request's error comes back as
Response.Error.Code; each number's own result as SendStatusSet[].Code ("Ok" when taken).
"""

import json

from app.services.messaging import Kind, Message, SendFailed
from app.services.sms import Endpoint, Templates
from app.services.sms.receipts import Pending, Receipt, beijing_time

# Codes, or the start of codes, that may pass: frequency limits (per number, per app),
# timeouts and the provider's faults; the SDK's own "ClientNetworkError" (no answer) and
# "ServerNetworkError" (an HTTP status other than 200).
RETRYABLE_PREFIXES = (
    "InternalError",
    "LimitExceeded",
    "RequestLimitExceeded",
    "ResourceUnavailable",
    "ClientNetworkError",
    "ServerNetworkError",
    "FailedOperation.JsonParseFail",
)
# Codes that will not pass by waiting.
PERMANENT_PREFIXES = (
    "AuthFailure",
    "UnauthorizedOperation",
    "InvalidParameterValue",
    "InvalidParameter",
    "MissingParameter",
    "UnsupportedOperation",
    "FailedOperation.TemplateIncorrectOrUnapproved",
    "FailedOperation.SignatureIncorrectOrUnapproved",
    "FailedOperation.PhoneNumberInBlacklist",
    "FailedOperation.PhoneNumberOnBlacklist",
    "FailedOperation.InsufficientBalanceInSmsPackage",
    "FailedOperation.ContainSensitiveWord",
    "FailedOperation.MarketingSendTimeConstraint",
    "FailedOperation.TemplateParamSetNotMatchApprovedTemplate",
)


def retryable(code: str) -> bool:
    if code.startswith(RETRYABLE_PREFIXES):
        return True
    return not code.startswith(PERMANENT_PREFIXES)


class TencentSender:
    SETTINGS = (
        "SMS_SECRET_ID",
        "SMS_SECRET_KEY",
        "SMS_SDK_APP_ID",
        "SMS_SIGN_NAME",
        "SMS_TEMPLATES",
    )

    def __init__(self, config: dict, templates: Templates):
        from tencentcloud.common import credential
        from tencentcloud.common.profile.client_profile import ClientProfile
        from tencentcloud.common.profile.http_profile import HttpProfile
        from tencentcloud.sms.v20210111.sms_client import SmsClient

        endpoint = Endpoint.parse(config.get("SMS_ENDPOINT"), "sms.tencentcloudapi.com")
        profile = HttpProfile(
            protocol=endpoint.scheme,
            endpoint=endpoint.host,
            reqMethod="POST",
            reqTimeout=int(config["SMS_TIMEOUT_SECONDS"]),
        )
        self.client = SmsClient(
            credential.Credential(config["SMS_SECRET_ID"], config["SMS_SECRET_KEY"]),
            config.get("SMS_REGION") or "ap-guangzhou",
            ClientProfile(httpProfile=profile),
        )
        self.app_id = config["SMS_SDK_APP_ID"]
        self.sign_name = config["SMS_SIGN_NAME"]
        self.templates = templates

    def language_for(self, kind: Kind, language: str) -> str:
        return self.templates.language_for(kind, language)

    def _call(self, method, request):
        from tencentcloud.common.exception.tencent_cloud_sdk_exception import (
            TencentCloudSDKException,
        )

        try:
            return method(request)
        except TencentCloudSDKException as error:
            code = error.get_code() or "unknown"
            if code == "ClientNetworkError" and "timed out" in str(error.get_message()).lower():
                code = "timeout"
            raise SendFailed(code, retryable(code)) from error
        except Exception as error:  # an answer the SDK could not read
            raise SendFailed("network", retryable=True) from error

    def send(self, mobile: str, message: Message) -> str:
        from tencentcloud.sms.v20210111.models import SendSmsRequest

        request = SendSmsRequest()
        request.from_json_string(
            json.dumps(
                {
                    "PhoneNumberSet": [f"+86{mobile}"],
                    "SmsSdkAppId": self.app_id,
                    "SignName": self.sign_name,
                    "TemplateId": self.templates.id_for(message.kind, message.language),
                    # In the order of PARAMETERS: the template's {1}, {2}...
                    "TemplateParamSet": list(message.params.values()),
                }
            )
        )
        response = self._call(self.client.SendSms, request)
        if not response.SendStatusSet:
            raise SendFailed("unknown", retryable=True)
        status = response.SendStatusSet[0]
        if status.Code != "Ok":
            raise SendFailed(status.Code or "unknown", retryable(status.Code or ""))
        return status.SerialNo

    def receipts(self, pending: list[Pending]) -> list[Receipt]:
        """Pulls the receipts Tencent holds for the application (each is given once, at most
        100 a call: hence `flask sms-receipts` every few minutes), and keeps those of the
        messages asked about (sign-in codes are not followed)."""
        from tencentcloud.sms.v20210111.models import PullSmsSendStatusRequest

        wanted = {message.provider_id for message in pending}
        request = PullSmsSendStatusRequest()
        request.from_json_string(json.dumps({"SmsSdkAppId": self.app_id, "Limit": 100}))
        response = self._call(self.client.PullSmsSendStatus, request)
        return [
            Receipt(
                provider_id=status.SerialNo,
                delivered=status.ReportStatus == "SUCCESS",
                code=None if status.ReportStatus == "SUCCESS" else status.Description,
                at=beijing_time(status.UserReceiveTime),
            )
            for status in response.PullSmsSendStatusSet or []
            if status.SerialNo in wanted
        ]
