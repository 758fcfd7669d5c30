"""How long a migration takes: the one estimator, for the quote and for the scan alike.

It lives in `engagements` (the lowest app) so the quotes and the migration app both call it;
migration passes the throughput a finished bulk job measured, the quote the configured one.
"""

from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class Throughput:
    bytes_per_second: float
    files_per_second: float
    # A measured job's two rates each describe the whole of its time; the configured ones are two
    # separate costs (the bytes, and the per-file overhead of small files).
    measured: bool = False


def configured_throughput() -> Throughput:
    """MIGRATION_BYTES_PER_SECOND (bytes, not MiB) and MIGRATION_FILES_PER_SECOND from settings."""
    return Throughput(
        bytes_per_second=float(settings.MIGRATION_BYTES_PER_SECOND),
        files_per_second=float(settings.MIGRATION_FILES_PER_SECOND),
    )


def migration_seconds_estimate(*, files: int, bytes: int, throughput: Throughput | None = None) -> int:  # noqa: A002
    """Seconds to migrate `files` files of `bytes` bytes in all, to the nearest second.

    Configured rates: the bytes at the byte rate plus the files at the file rate. Measured rates:
    the mean of the two scalings (their sum would count the measured job's time twice), so the
    same share again takes the job's time.
    """
    throughput = throughput or configured_throughput()
    seconds = bytes / throughput.bytes_per_second + files / throughput.files_per_second
    return round(seconds / 2 if throughput.measured else seconds)
