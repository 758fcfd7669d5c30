import logging

from celery import shared_task

from engagements.privacy import anonymise

logger = logging.getLogger(__name__)


@shared_task
def privacy_anonymise_due() -> None:
    """Nightly (beat): anonymise the engagements that ended more than PRIVACY_RETENTION_DAYS ago."""
    done = anonymise.privacy_anonymise_due()
    if done:
        logger.info("anonymised %d engagements: %s", len(done), ", ".join(done))
