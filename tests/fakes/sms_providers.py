"""Local stand-ins for the HTTP APIs of Alibaba Cloud SMS and Tencent Cloud SMS, on 127.0.0.1,
for the SDKs to talk to (never the internet). Each records every request it receives (its
action, signature header and parameters) and answers what the test queued: success, a
provider's error code, an HTTP 5xx, or silence longer than the client waits."""

import hashlib
import hmac
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from itertools import count
from urllib.parse import parse_qsl, quote, urlsplit

# Longer than the tests' SMS_TIMEOUT_SECONDS: the client gives up first.
SILENCE_SECONDS = 2.5
# The secret the tests give the backends: the fakes check each request's signature with it.
SECRET = "fake-secret"


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _hmac(key: bytes, text: str) -> bytes:
    return hmac.new(key, text.encode(), hashlib.sha256).digest()


def _signed_parts(authorization: str) -> dict:
    """ "ALGO Credential=..., SignedHeaders=..., Signature=..." as a dict."""
    _algorithm, _, rest = authorization.partition(" ")
    return dict(part.strip().split("=", 1) for part in rest.split(",") if "=" in part)


@dataclass
class Recorded:
    action: str
    authorization: str
    params: dict
    # The signature, computed here again from the request and SECRET, is the one sent.
    signature_valid: bool = False


@dataclass
class Answer:
    """What the fake says to the next request: a provider's code ("OK"), an HTTP status for a
    fault of the server, or `silent` to say nothing until the client times out."""

    code: str = "OK"
    status: int = 200
    silent: bool = False


@dataclass
class FakeProvider:
    requests: list[Recorded] = field(default_factory=list)
    queued: list[Answer] = field(default_factory=list)
    receipts: list[dict] = field(default_factory=list)
    ids = count(1)

    def answer(self, *answers: Answer | str) -> None:
        self.queued += [Answer(a) if isinstance(a, str) else a for a in answers]

    def sent(self, action: str = "SendSms") -> list[Recorded]:
        return [r for r in self.requests if r.action == action]

    def start(self) -> str:
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                recorded = provider.record(self.path, self.headers, body)
                provider.requests.append(recorded)
                answer = provider.queued.pop(0) if provider.queued else Answer()
                if answer.silent:
                    time.sleep(SILENCE_SECONDS)
                status, payload = provider.reply(recorded, answer)
                data = json.dumps(payload).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):  # the client gave up
                    pass

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()


class FakeAliyun(FakeProvider):
    """dysmsapi: the action in the x-acs-action header, the parameters in the query string,
    signed in the Authorization header (ACS3-HMAC-SHA256). A business error is HTTP 200 with
    a Code other than "OK"; a server fault an HTTP 5xx with a Code."""

    def record(self, path, headers, body) -> Recorded:
        params = dict(parse_qsl(urlsplit(path).query, keep_blank_values=True))
        authorization = headers.get("Authorization", "")
        recorded = Recorded(headers.get("x-acs-action", ""), authorization, dict(params))
        recorded.signature_valid = self.signature(headers, params, body) == (
            _signed_parts(authorization).get("Signature")
        )
        params.update(parse_qsl(body.decode()))
        recorded.params = params
        return recorded

    @staticmethod
    def signature(headers, query: dict, body: bytes) -> str:
        """ACS3-HMAC-SHA256 (Alibaba Cloud's V3 signature) over the method, path, sorted
        query, the signed headers and the body's hash."""
        names = _signed_parts(headers.get("Authorization", "")).get("SignedHeaders", "")
        signed = names.split(";") if names else []
        canonical = "\n".join(
            [
                "POST",
                "/",
                "&".join(
                    f"{quote(k, safe='-_.~')}={quote(v, safe='-_.~')}"
                    for k, v in sorted(query.items())
                ),
                "".join(f"{name}:{(headers.get(name) or '').strip()}\n" for name in signed),
                names,
                headers.get("x-acs-content-sha256") or _sha256(body),
            ]
        )
        text = f"ACS3-HMAC-SHA256\n{_sha256(canonical.encode())}"
        return _hmac(SECRET.encode(), text).hex()

    def reply(self, recorded: Recorded, answer: Answer) -> tuple[int, dict]:
        request_id = f"fake-{next(self.ids)}"
        if recorded.action == "QuerySendDetails":
            found = [r for r in self.receipts if r["BizId"] == recorded.params.get("BizId")]
            return 200, {
                "Code": "OK",
                "RequestId": request_id,
                "TotalCount": len(found),
                "SmsSendDetailDTOs": {"SmsSendDetailDTO": found},
            }
        if answer.status != 200 or answer.code != "OK":
            return answer.status, {"Code": answer.code, "Message": "fake", "RequestId": request_id}
        return 200, {
            "Code": "OK",
            "Message": "OK",
            "BizId": f"{next(self.ids)}^0",
            "RequestId": request_id,
        }


class FakeTencent(FakeProvider):
    """sms 2021-01-11: the action in the X-TC-Action header, the parameters as a JSON body,
    signed in the Authorization header (TC3-HMAC-SHA256). A request's error is
    Response.Error; a number's is its SendStatusSet entry's Code; a fault an HTTP 5xx."""

    # Codes that Tencent gives per number rather than for the whole request.
    PER_NUMBER = ("LimitExceeded.Phone", "InvalidParameterValue.IncorrectPhoneNumber")

    def record(self, path, headers, body) -> Recorded:
        authorization = headers.get("Authorization", "")
        return Recorded(
            headers.get("X-TC-Action", ""),
            authorization,
            json.loads(body or b"{}"),
            self.signature(headers, body) == _signed_parts(authorization).get("Signature"),
        )

    @staticmethod
    def signature(headers, body: bytes) -> str:
        """TC3-HMAC-SHA256 (Tencent Cloud API 3.0): the canonical request's hash signed with
        a key derived from the secret, the day and the service."""
        parts = _signed_parts(headers.get("Authorization", ""))
        signed = parts.get("SignedHeaders", "").split(";")
        _secret_id, day, service, _end = parts.get("Credential", "///").split("/")
        canonical = "\n".join(
            [
                "POST",
                "/",
                "",
                "".join(f"{name}:{(headers.get(name) or '').strip().lower()}\n" for name in signed),
                ";".join(signed),
                _sha256(body),
            ]
        )
        scope = f"{day}/{service}/tc3_request"
        text = (
            f"TC3-HMAC-SHA256\n{headers.get('X-TC-Timestamp')}\n{scope}\n"
            f"{_sha256(canonical.encode())}"
        )
        key = _hmac(_hmac(_hmac(f"TC3{SECRET}".encode(), day), service), "tc3_request")
        return _hmac(key, text).hex()

    def reply(self, recorded: Recorded, answer: Answer) -> tuple[int, dict]:
        request_id = f"fake-{next(self.ids)}"
        if answer.status != 200:
            return answer.status, {"message": "fake fault"}
        if recorded.action == "PullSmsSendStatus":
            pulled, self.receipts = self.receipts, []
            return 200, {"Response": {"PullSmsSendStatusSet": pulled, "RequestId": request_id}}
        if answer.code != "OK" and not answer.code.startswith(self.PER_NUMBER):
            error = {"Code": answer.code, "Message": "fake"}
            return 200, {"Response": {"Error": error, "RequestId": request_id}}
        number = recorded.params.get("PhoneNumberSet", [""])[0]
        status = {
            "SerialNo": f"2640:{next(self.ids)}",
            "PhoneNumber": number,
            "Fee": 1,
            "SessionContext": "",
            "Code": "Ok" if answer.code == "OK" else answer.code,
            "Message": "fake",
            "IsoCode": "CN",
        }
        return 200, {"Response": {"SendStatusSet": [status], "RequestId": request_id}}
