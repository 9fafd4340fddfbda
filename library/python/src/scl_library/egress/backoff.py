"""Full-jitter backoff of egress retries (spec/features.json egress.backoffBaseSeconds)."""

from __future__ import annotations

import random


def retry_delay_seconds(
    retry_number: int, base_seconds: float, max_seconds: float, rand: random.Random | None = None
) -> float:
    """Retry n (1 for the first retry) waits uniform(0, min(max, base * 2^(n-1)))."""
    ceiling = min(max_seconds, base_seconds * 2 ** (retry_number - 1))
    return (rand or random).uniform(0, ceiling)
