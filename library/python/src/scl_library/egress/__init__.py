"""egress: discovery, round robin, per-try timeout, retries with backoff and a budget, circuit breakers."""
