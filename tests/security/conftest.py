"""Hypothesis profiles for the hostile-input fuzz, and the line it prints at the end of a run.

HYPOTHESIS_PROFILE=fuzz (the default) keeps the whole sweep near a minute on two cores;
HYPOTHESIS_PROFILE=long tries ten times as many inputs per URL; FUZZ_EXAMPLES=<n> sets the
number per URL directly. Both are derandomized unless FUZZ_SEED is set, so a failure reproduces."""

import os

from hypothesis import HealthCheck, settings

from tests.security import fuzz_support

_COMMON = {
    "deadline": None,
    "database": None,
    "suppress_health_check": [
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
    "derandomize": "FUZZ_SEED" not in os.environ,
    "print_blob": True,
}
settings.register_profile("fuzz", max_examples=18, **_COMMON)
settings.register_profile("long", max_examples=180, **_COMMON)


def fuzz_settings() -> settings:
    profile = settings.get_profile(os.environ.get("HYPOTHESIS_PROFILE", "fuzz"))
    if "FUZZ_EXAMPLES" in os.environ:
        return settings(profile, max_examples=int(os.environ["FUZZ_EXAMPLES"]))
    return profile


def pytest_terminal_summary(terminalreporter):
    tally = fuzz_support.TALLY
    if tally.inputs:
        terminalreporter.write_line(
            f"hostile-input fuzz: {tally.inputs} inputs tried over {len(tally.endpoints)} URLs "
            f"and {len(tally.params)} distinct parameters; "
            f"{tally.form_errors} POSTs answered with a form error wrote nothing"
        )
