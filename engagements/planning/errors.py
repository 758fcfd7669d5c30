from engagements.errors import DomainError


class PlanningError(DomainError):
    """A planning rule was broken; the message says which."""


class SprintRefused(PlanningError):
    """The sprint breaks rules that an explicit override with a reason may set aside."""

    def __init__(self, problems: list[str]):
        super().__init__(" ".join(problems))
        self.problems = problems


class ReportNotReviewed(PlanningError):
    pass


class EmailNotSent(PlanningError):
    pass
