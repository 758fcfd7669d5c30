from engagements.errors import DomainError


class TrainingError(DomainError):
    """A training rule was broken; the message says which."""


class SupportError(DomainError):
    """A support request could not be taken or answered; the message says why."""
