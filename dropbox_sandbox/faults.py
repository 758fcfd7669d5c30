"""Injected faults: rate limits, write contention, server errors, dropped connections, latency,
and damaged file contents.

A fault is decided before a request touches any state, so a client that retries a faulted
call gets exactly the result it would have had without the fault. Damage (`corrupt`,
`corrupt_path`) is the exception on purpose: it is what a file damaged on its way into storage
looks like, so it changes what is stored, and the client must notice the content hash.
"""

import random
import threading
from dataclasses import asdict, dataclass, fields

# Routes that only read: write contention (too_many_write_operations) never hits them.
READ_ONLY_PREFIXES = ("get_", "list", "download", "search", "check", "job_status")


def is_write_route(url_name: str) -> bool:
    """files/upload -> True; team/members/list_v2, files/delete_batch/check -> False."""
    namespace, *parts = url_name.split("/")
    return namespace != "users" and not any(part.startswith(READ_ONLY_PREFIXES) for part in parts)


@dataclass
class FaultSettings:
    rate_limit: float = 0.0
    write_contention: float = 0.0
    server_error: float = 0.0
    drop: float = 0.0
    latency_ms: float = 0.0
    retry_after: int = 1  # seconds, sent as Retry-After and in the 429 body
    # Damage: a committed file is stored with its first byte flipped, so Dropbox reports, lists
    # and serves another content hash than the client sent. `corrupt` is a probability per
    # committed file; `corrupt_path` damages every commit to a path ending with it (any case),
    # the next `corrupt_times` of them, then stops (0: every one). Empty files have nothing to damage.
    corrupt: float = 0.0
    corrupt_path: str = ""
    corrupt_times: int = 0

    @classmethod
    def parse(cls, text: str) -> "FaultSettings":
        """`rate_limit=0.2,write_contention=0.05,...` -> settings; ValueError with a sentence on junk."""
        settings = cls()
        settings.update(_pairs(text))
        return settings

    def update(self, values: dict) -> None:
        known = {field.name: field.type for field in fields(self)}
        for name, raw in values.items():
            if name not in known:
                raise ValueError(f"unknown fault {name!r}; known: {', '.join(sorted(known))}")
            if name == "corrupt_path":
                setattr(self, name, str(raw or ""))
                continue
            try:
                value = int(raw) if name in ("retry_after", "corrupt_times") else float(raw)
            except (TypeError, ValueError):
                raise ValueError(f"fault {name} needs a number, got {raw!r}") from None
            if name not in ("latency_ms", "retry_after", "corrupt_times") and not 0 <= value <= 1:
                raise ValueError(f"fault {name} is a probability between 0 and 1, got {value}")
            if value < 0:
                raise ValueError(f"fault {name} cannot be negative")
            setattr(self, name, value)

    def as_dict(self) -> dict:
        return asdict(self)


def _pairs(text: str) -> dict:
    values = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        name, separator, value = item.partition("=")
        if not separator:
            raise ValueError(f"fault {item!r} must look like name=value")
        values[name.strip()] = value.strip()
    return values


class FaultInjector:
    def __init__(self, settings: FaultSettings | None = None):
        self.settings = settings or FaultSettings()
        self._random = random.Random()  # noqa: S311 - dice for faults, not secrets
        self._lock = threading.Lock()

    def _roll(self, probability: float) -> bool:
        if probability <= 0:
            return False
        with self._lock:
            return self._random.random() < probability

    def choose(self, url_name: str) -> str | None:
        """Which fault (if any) hits this call: 'drop', 'rate_limit', 'write_contention', 'server_error'."""
        settings = self.settings
        if self._roll(settings.drop):
            return "drop"
        if self._roll(settings.rate_limit):
            return "rate_limit"
        if is_write_route(url_name) and self._roll(settings.write_contention):
            return "write_contention"
        if self._roll(settings.server_error):
            return "server_error"
        return None

    def damages(self, path: str, size: int) -> bool:
        """Whether the file being committed at `path` is stored damaged (see FaultSettings)."""
        if not size:
            return False
        settings = self.settings
        with self._lock:
            target = settings.corrupt_path.lower()
            if target and path.lower().endswith(target):
                if settings.corrupt_times:
                    settings.corrupt_times -= 1
                    if not settings.corrupt_times:
                        settings.corrupt_path = ""  # used up
                return True
        return self._roll(settings.corrupt)
