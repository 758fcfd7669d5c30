"""Notes the system writes for people to read later, stored as a message key and its parameters.

A phase change made by a service ("Quote version 1 sent.") is kept as `note_key="quote.sent"` and
`note_params={"version": 1}`, and rendered when it is read, in the reader's language: the same row
reads "Offertversion 1 skickad." on a Swedish page and "Quote version 1 sent." on an English one.
A note a person typed is kept as typed (`PhaseChange.note`).

Each app registers the keys of the notes it writes, as it registers its phase guards:

    register_system_note("quote.sent", gettext_lazy("Quote version %(version)s sent."))

A parameter that is itself a translatable choice (a channel, a status) is stored as its value and
given a `labels` function that turns the value into its label at reading time.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class SystemNote:
    message: Promise | str
    # parameter name -> function from the stored value to the text shown (in the active language)
    labels: Mapping[str, Callable[[Any], str]] = field(default_factory=dict)


_notes: dict[str, SystemNote] = {}


def register_system_note(key: str, message: Promise | str, *, labels=None) -> None:
    """Add a note key. Registering the same key again replaces it, so ready() may run twice."""
    _notes[key] = SystemNote(message=message, labels=dict(labels or {}))


def is_registered(key: str) -> bool:
    return key in _notes


def system_note_render(key: str, params: Mapping[str, Any] | None) -> str:
    """The note in the active language. A key no app registers any more (an app removed) shows as
    the key itself rather than failing the page; a parameter missing from an old row likewise."""
    note = _notes.get(key)
    if note is None:
        return key
    values = dict(params or {})
    for name, label in note.labels.items():
        if name in values:
            try:
                values[name] = label(values[name])
            except (KeyError, ValueError):
                pass  # a value no longer known is shown as stored
    try:
        return str(note.message) % values
    except (KeyError, TypeError, ValueError):
        return str(note.message)


register_system_note("demo", _("Demo data"))
