"""Request bodies and fields: the 64 KiB limit, strict JSON, and the spec's field rules."""

from __future__ import annotations

import json
import math
import re
from typing import Any

from starlette.requests import Request

from .errors import ApiError, invalid

MAX_BODY_BYTES = 64 * 1024
MAX_SAFE_INTEGER = 2**53 - 1
CURRENCIES = frozenset({"EUR", "USD", "GBP"})
_IDEMPOTENCY_KEY = re.compile(r"[\x21-\x7E]{1,255}")
# The spec's patterns are JSON Schema's, so \s is ECMA-262's white space, spelled out: Python's \s
# (and str.strip) also take U+001C-U+001F and U+0085, and miss U+FEFF.
_SPACE = "\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
_EMAIL = re.compile(f"[^@{_SPACE}]+@[^@{_SPACE}]+\\.[^@{_SPACE}]+")
_NOT_BLANK = re.compile(f"[^{_SPACE}]")
_DECIMAL = re.compile(r"[0-9]+")


def _not_json(constant: str) -> Any:
    raise ValueError(f"{constant} is not JSON")


async def read_body(request: Request) -> bytes:
    """The whole body, refusing more than 64 KiB with 413 before reading it all."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise ApiError("payload_too_large")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise ApiError("payload_too_large")
        chunks.append(chunk)
    return b"".join(chunks)


async def read_json_object(request: Request) -> dict[str, Any]:
    body = await read_body(request)
    try:
        # Python's json takes NaN and Infinity unless told not to; JSON has neither.
        document = json.loads(body, parse_constant=_not_json)
    except (ValueError, UnicodeDecodeError):
        raise ApiError("invalid_json") from None
    if not isinstance(document, dict):
        raise ApiError("validation_failed", message="the body must be a JSON object")
    return document


def integer(value: Any, field: str, minimum: int = 1, maximum: int = MAX_SAFE_INTEGER) -> int:
    """A JSON integer: `10.0` counts (as in JSON Schema), `true` does not (bool is an int in Python)."""
    if value is None:
        raise invalid(field, f"{field} is required")
    if isinstance(value, bool):
        raise invalid(field, f"{field} must be an integer")
    if isinstance(value, float):
        if not math.isfinite(value) or not value.is_integer():
            raise invalid(field, f"{field} must be an integer")
        value = int(value)
    if not isinstance(value, int):
        raise invalid(field, f"{field} must be an integer")
    if not minimum <= value <= maximum:
        raise invalid(field, f"{field} must be between {minimum} and {maximum}")
    return value


def query_integer(request: Request, field: str, default: int, minimum: int, maximum: int = MAX_SAFE_INTEGER) -> int:
    """A query parameter in plain decimal digits (Python's int() would also take ' 5', '1_0' and '٣')."""
    given = request.query_params.getlist(field)
    if not given:
        return default
    if len(given) > 1:
        raise invalid(field, f"{field} must be given once")
    return integer(_decimal(given[0], field), field, minimum, maximum)


def path_id(raw: str) -> int:
    return integer(_decimal(raw, "id"), "id")


def _decimal(raw: str, field: str) -> int:
    """Decimal digits, leading zeros allowed ('007' is 7); more than 16 significant digits is out of range."""
    if not _DECIMAL.fullmatch(raw):
        raise invalid(field, f"{field} must be a decimal integer")
    # The length check comes before int(), which refuses strings of more than 4300 digits with an error.
    significant = raw.lstrip("0") or "0"
    if len(significant) > 16:
        raise invalid(field, f"{field} must be at most 2^53-1")
    return int(significant)


def currency(value: Any) -> str:
    if value not in CURRENCIES:
        raise invalid("currency", f"currency must be one of {', '.join(sorted(CURRENCIES))}")
    return str(value)


def idempotency_key(value: Any, field: str) -> str:
    if not isinstance(value, str) or not _IDEMPOTENCY_KEY.fullmatch(value):
        raise invalid(field, f"{field} must be 1 to 255 printable ASCII characters without spaces")
    return value


def customer_name(value: Any) -> str:
    # len() counts code points, as JSON Schema's maxLength does; JavaScript's .length counts UTF-16 units.
    if not isinstance(value, str) or not _NOT_BLANK.search(value) or len(value) > 100:
        raise invalid("name", "name must be 1 to 100 characters, not blank")
    return value


def email(value: Any) -> str:
    if not isinstance(value, str) or len(value) > 254 or not _EMAIL.fullmatch(value):
        raise invalid("email", "email must look like name@example.com, at most 254 characters")
    return value
