"""Logging filters for the django.request logger."""

import logging


class ClientErrorsWithoutTraceback(logging.Filter):
    """A refused request (403, 400, ...) is logged as one line, without the exception's traceback.

    Django logs every PermissionDenied with its traceback, so each 403 (a customer opening a staff
    page, a consultant another team's engagement) filled the log with a stack that says nothing:
    the refusal is the design working. Server errors (5xx) keep their traceback.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", 500) < 500:
            record.exc_info = None
            record.exc_text = None
        return True
