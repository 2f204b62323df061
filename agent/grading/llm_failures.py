"""Why an LLM call failed, as a note safe to show, and how the failure counts: retry it or not, and does
it mean the endpoint itself is failing (the breaker opens at once) or only this one reply.

Notes are built from the error's type and HTTP status only, never its message: provider messages can
echo request details, and the API key must never reach a note or a log.
"""
from __future__ import annotations

from urllib.parse import urlsplit

OPENAI_URL = "https://api.openai.com/v1"
NOT_RETRYABLE = {400, 401, 403, 404, 422}  # the same request will fail the same way
ENDPOINT_DOWN = {401, 403, 404, 429}  # every request will fail until someone acts (or the rate limit ends)


def display_url(url: str | None) -> str:
    """The endpoint as shown to users: no credentials, query or fragment."""
    parts = urlsplit(url or OPENAI_URL)
    return f"{parts.scheme}://{parts.netloc.rsplit('@', 1)[-1]}{parts.path}".rstrip("/")


def _causes(error: BaseException) -> list[str]:
    names, seen = [], set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        names.extend(cls.__name__ for cls in type(error).__mro__)
        error = error.__cause__ or error.__context__
    return names


class LLMCallFailed(Exception):
    """Why the LLM gave no usable grade, as a note safe to show (it never holds the API key).

    `kind` names the failure for counts; `hard` means the endpoint itself is failing (the breaker opens
    at once); `retryable` means another attempt right away may succeed.
    """

    def __init__(self, note: str, kind: str, *, hard: bool, retryable: bool = True) -> None:
        super().__init__(note)
        self.note = note
        self.kind = kind
        self.hard = hard
        self.retryable = retryable


def describe_failure(error: BaseException, url: str, timeout: float, connect_timeout: float | None = None
                     ) -> LLMCallFailed:
    # Built from the error's type and status only: provider messages can echo request details.
    names, status, done = set(_causes(error)), getattr(error, "status_code", None), "; used the embedded grade."
    if "ConnectTimeout" in names:
        wait = f" within {connect_timeout:g} s" if connect_timeout else ""
        return LLMCallFailed(f"LLM endpoint at {url} did not accept a connection{wait}{done}", "connect timeout",
                             hard=True, retryable=False)
    if {"APITimeoutError", "TimeoutException", "TimeoutError"} & names:
        # No retry: the full timeout was already spent, and a hung server stays hung.
        return LLMCallFailed(f"LLM endpoint at {url} did not answer within {timeout:g} s{done}", "timeout",
                             hard=True, retryable=False)
    if {"RemoteProtocolError", "ReadError"} & names:
        return LLMCallFailed(f"LLM endpoint at {url} closed the connection mid-response{done}", "connection cut",
                             hard=True)
    if {"APIConnectionError", "ConnectError", "ConnectionError"} & names:
        return LLMCallFailed(f"LLM endpoint unreachable at {url}{done}", "unreachable", hard=True)
    if isinstance(status, int):
        hint = {401: " (check OPENAI_API_KEY)", 403: " (check OPENAI_API_KEY)",
                404: " (check MOCKINTERVIEW_LLM_MODEL and MOCKINTERVIEW_LLM_BASE_URL)"}.get(status, "")
        # 400/422 may be about this one request (too long a prompt); the others are the endpoint's state.
        return LLMCallFailed(f"LLM endpoint at {url} answered HTTP {status}{hint}{done}", f"HTTP {status}",
                             hard=status >= 500 or status in ENDPOINT_DOWN, retryable=status not in NOT_RETRYABLE)
    if not {"ValidationError", "OutputParserException", "LengthFinishReasonError", "NoStructuredOutput"} & names \
            and {"JSONDecodeError", "UnicodeError", "APIResponseValidationError"} & names:
        # The HTTP body itself is not an OpenAI-compatible reply: the endpoint, not the model, is broken.
        return LLMCallFailed(f"LLM endpoint at {url} sent a reply that is not OpenAI-compatible JSON{done}",
                             "malformed response", hard=True)
    if {"ValidationError", "OutputParserException", "JSONDecodeError", "APIResponseValidationError",
            "LengthFinishReasonError", "NoStructuredOutput"} & names:
        return LLMCallFailed(f"LLM at {url} replied with something that is not a valid grade{done}",
                             "invalid reply", hard=False)
    return LLMCallFailed(f"LLM grading at {url} failed ({type(error).__name__}){done}",
                         type(error).__name__, hard=False)


class NoStructuredOutput(ValueError):
    """The model replied, but not with the grade object (e.g. no tool call)."""


def rejects_json_schema(error: BaseException) -> bool:
    # llama-cpp-python answers HTTP 500 with the validation error; others use 400 or 422.
    status = getattr(error, "status_code", None)
    return status in (400, 422, 500) and "response_format" in str(getattr(error, "body", "") or error)
