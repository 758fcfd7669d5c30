"""Fixtures of the training tests (the training and support ones are in training_fixtures.py)."""

from tests.training.training_fixtures import eager_tasks, planned_engagement  # noqa: F401 - fixtures
