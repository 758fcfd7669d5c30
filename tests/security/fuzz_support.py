"""What the hostile-input fuzz needs: every URL of the app, the parameters each view reads, a world
of records for the URLs' ids, and the hostile values (hypothesis strategies) to send.

The parameter names are found, not listed by hand: the form classes a view function names (and their
fields), and the names it reads from `request.GET` / `request.POST` itself. A new view or form is
fuzzed without touching this file; a new kind of id in a URL fails `path_kwargs` loudly.
"""

import inspect
import re
from dataclasses import dataclass, field
from datetime import timedelta

from django import forms
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from hypothesis import strategies as st

# Django's own admin is not our code; the organisation number's admin form has its own test.
SKIPPED_NAMESPACES = {"admin"}
# Apps whose rows must not change when a POST answers with a form error.
OUR_APPS = {
    "engagements",
    "quotes",
    "planning",
    "privacy",
    "migration",
    "licensing",
    "licensing_folders",
    "training",
    "training_installation",
    "decommission",
    "invoicing",
    "feedback",
    "dropbox_integration",
}
# Views of libraries, and what they read.
LIBRARY_VIEW_PARAMS = {
    "LoginView": ["username", "password", "next"],
    "LogoutView": ["next"],
    "set_language": ["language", "next"],
}
# Parameters a view reads through a helper, where the source scan cannot see them.
EXTRA_PARAMS = {"dropbox_integration:oauth_callback": ["state", "code", "error", "error_description"]}
# Sent to every URL: a view must not trip over a parameter it does not expect either.
EVERY_URL_PARAMS = ["page", "next"]
_READS = re.compile(r"request\.(?:GET|POST|FILES)(?:\.get(?:list)?\(|\[)\s*[\"']([\w-]+)[\"']")
_IN = re.compile(r"[\"']([\w-]+)[\"']\s+(?:not\s+)?in\s+request\.(?:GET|POST|FILES)")


@dataclass
class Endpoint:
    name: str  # "namespace:name"
    route: str
    callback: object
    kwarg_names: list[str]
    form_fields: dict[str, forms.Field] = field(default_factory=dict)
    raw_params: set[str] = field(default_factory=set)

    @property
    def params(self) -> list[str]:
        return sorted({*self.form_fields, *self.raw_params})


def _walk(patterns, namespace="", route="", kwargs=()):
    for entry in patterns:
        names = [*kwargs, *getattr(entry.pattern, "converters", {}).keys()]
        if isinstance(entry, URLResolver):
            if entry.namespace in SKIPPED_NAMESPACES:
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, inner, route + str(entry.pattern), names)
        elif isinstance(entry, URLPattern) and entry.name:
            yield Endpoint(
                name=namespace + entry.name,
                route=route + str(entry.pattern),
                callback=entry.callback,
                kwarg_names=names,
            )


def _form_classes_named_in(function) -> list[type[forms.BaseForm]]:
    source = inspect.getsource(function)
    found = []
    for name, value in function.__globals__.items():
        if (
            isinstance(value, type)
            and issubclass(value, forms.BaseForm)
            and re.search(rf"\b{name}\b", source)
        ):
            found.append(value)
    return found


def endpoints() -> list[Endpoint]:
    """Every named URL of the app (not Django's admin), with the parameters its view reads."""
    found = []
    for endpoint in _walk(get_resolver().url_patterns):
        view_class = getattr(endpoint.callback, "view_class", None)
        function = inspect.unwrap(endpoint.callback)
        if view_class is not None:
            form_class = getattr(view_class, "form_class", None)
            if form_class is not None:
                endpoint.form_fields.update(form_class.base_fields)
            endpoint.raw_params.update(LIBRARY_VIEW_PARAMS.get(view_class.__name__, []))
            if view_class.__module__.startswith("sesame"):
                endpoint.raw_params.add("sesame")
        elif function.__module__.startswith("django."):
            endpoint.raw_params.update(LIBRARY_VIEW_PARAMS.get(function.__name__, []))
        else:
            for form_class in _form_classes_named_in(function):
                endpoint.form_fields.update(form_class.base_fields)
            source = inspect.getsource(function)
            endpoint.raw_params.update(_READS.findall(source))
            endpoint.raw_params.update(_IN.findall(source))
        endpoint.raw_params.update(EXTRA_PARAMS.get(endpoint.name, []))
        endpoint.raw_params.update(EVERY_URL_PARAMS)
        found.append(endpoint)
    return found


@dataclass
class Tally:
    """What the fuzz tried, printed at the end of the run (tests/security/conftest.py)."""

    inputs: int = 0
    form_errors: int = 0
    endpoints: set = field(default_factory=set)
    params: set = field(default_factory=set)


TALLY = Tally()


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label in OUR_APPS and not model._meta.proxy
    }


# --- hostile values ------------------------------------------------------------------------------

UNICODE_DIGITS = ["²", "٣", "٥٥٦٠٣٦-٠٧٩٣", "５５６０３６-０７９３", "߁", "১২৩", "Ⅻ", "½"]
EXTREME_DATES = [
    "0001-01-01",
    "0001-01-15",
    "9999-12-20",
    "9999-12-31",
    "10000-01-01",
    "2026-02-30",
    "2026-W99",
    "2026-W10",
    "0000-00-00",
    "-2026-01-01",
    "31/12/9999",
]
NUMBERS = ["-1", "0", "-0", "99999999999999999999", "1e309", "NaN", "Infinity", "-Infinity", "0.5", "1,5"]
MISC = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\r",
    "\r\n",
    "\t",
    "\u202e",
    "\ufeff",
    "<script>",
    "%00",
    "../..",
    "x" * 5000,
]
HOSTILE_WORDS = st.sampled_from([*UNICODE_DIGITS, *EXTREME_DATES, *NUMBERS, *MISC])
CONTROL_TEXT = st.text(
    alphabet=st.characters(codec="utf-8", categories=["Cc", "Cf", "Zl", "Zp"]), max_size=20
)
DIGIT_TEXT = st.text(alphabet=st.characters(categories=["Nd", "No"]), min_size=1, max_size=15)
HUGE_TEXT = st.sampled_from(["x", "å", "9", "\x00"]).map(lambda char: char * 200_000)

hostile_text = st.one_of(
    HOSTILE_WORDS,
    st.text(max_size=40),
    CONTROL_TEXT,
    DIGIT_TEXT,
    HUGE_TEXT,
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
)


def _plausible(form_field: forms.Field, ids: list[int]):
    """Values that pass a field's own checks often enough to reach the code behind it."""
    if isinstance(form_field, forms.ModelChoiceField):
        return st.sampled_from(ids).map(str)
    if isinstance(form_field, forms.ChoiceField):
        choices = [str(key) for key, _label in form_field.choices if not isinstance(_label, (list, tuple))]
        return st.sampled_from(choices or [""])
    if isinstance(form_field, forms.DateField):
        today = timezone.localdate()
        return st.one_of(
            st.sampled_from(EXTREME_DATES),
            st.integers(min_value=-4000, max_value=4000).map(
                lambda n: (today + timedelta(days=n)).isoformat()
            ),
        )
    if isinstance(form_field, (forms.DecimalField, forms.IntegerField, forms.FloatField)):
        return st.one_of(
            st.sampled_from(NUMBERS), st.decimals(allow_nan=False, allow_infinity=False, places=2).map(str)
        )
    if isinstance(form_field, forms.BooleanField):
        return st.sampled_from(["on", "", "false", "0"])
    if isinstance(form_field, forms.EmailField):
        return st.one_of(st.emails().map(str), st.sampled_from(["a@b", "ä@ö.se", "x" * 300 + "@kund.se"]))
    return st.text(min_size=1, max_size=60)


def value_for(form_field: forms.Field | None, ids: list[int]):
    if form_field is None:
        return st.one_of(hostile_text, st.sampled_from(ids).map(str))
    return st.one_of(_plausible(form_field, ids), hostile_text)


LINE_ENDINGS = ["\r\n", "\n", "\r"]
CSV_ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1252", "utf-32"]


@st.composite
def csv_files(draw) -> bytes:
    """User lists as spreadsheets write them, with hostile cells, line endings and encodings."""
    delimiter = draw(st.sampled_from([",", ";", "\t"]))
    ending = draw(st.sampled_from(LINE_ENDINGS))
    header = draw(st.sampled_from([["name", "email"], ["namn", "e-post", "avdelning", "datorvana"], []]))
    header += draw(st.lists(st.sampled_from(["device", "os", "x", ""]), max_size=2))
    cell = st.one_of(hostile_text, st.emails().map(str), st.sampled_from(['"', '"a\rb"', '"open']))
    rows = draw(st.lists(st.lists(cell, min_size=1, max_size=len(header) + 1), max_size=5))
    text = ending.join(delimiter.join(line) for line in [header, *rows]) + draw(st.sampled_from(["", ending]))
    encoding = draw(st.sampled_from(CSV_ENCODINGS))
    return text.encode(encoding, errors="replace")


file_bytes = st.one_of(csv_files(), st.binary(max_size=3000), st.just(b"%PDF-1.4\n%\xe2\xe3\n" + b"0" * 100))
