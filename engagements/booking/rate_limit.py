"""A small fixed-window rate limit in Django's cache, per client address.

No rate-limiting library is installed (django-axes counts failed sign-ins, not requests), and this
needs only a counter that expires: `cache.add` starts a window's count, `cache.incr` adds to it
atomically (Redis's INCR; the local-memory cache takes a lock). The counters live in the cache alias
BOOK_A_MEETING_CACHE: Redis when REDIS_URL is set, so every web process shares one count.
"""

import logging
import time

from django.conf import settings
from django.core.cache import caches

logger = logging.getLogger(__name__)


def rate_limit_exceeded(*, scope: str, key: str, limit: int, window_seconds: int) -> bool:
    """Count one request of `key` in `scope`; True when it is more than `limit` in this window.

    1. The window is the current multiple of `window_seconds` (a fixed window: at its turn a
       client may send up to twice the limit in a short span, which is enough against floods).
    2. A cache that is away (Redis down) lets the request through and logs it: the page must not
       fail because its guard does.
    """
    cache = caches[settings.BOOK_A_MEETING_CACHE]
    window = int(time.time() // window_seconds)
    counter = f"rate-limit:{scope}:{key}:{window}"
    try:
        cache.add(counter, 0, timeout=window_seconds)
        try:
            count = cache.incr(counter)
        except ValueError:  # expired between add and incr
            cache.add(counter, 1, timeout=window_seconds)
            count = 1
    except Exception as error:  # noqa: BLE001 - any cache failure: fail open, but say so
        logger.warning("Rate limit %s not counted, the cache is unavailable: %s", scope, error)
        return False
    return count > limit
