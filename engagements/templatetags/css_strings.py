"""Text put inside a CSS string in a template: `content: "{{ customer.name|css_string }}"`.

The PDFs' running headers and footers are CSS (`@page { @top-right { content: "..." } }`), and
the customer's name goes into them. By the CSS Syntax spec (§4.3.5, "consume a string token") a
string ends at its quote and breaks at a newline — and CSS counts a line feed, a carriage return
and a form feed (`\\f`) as newlines. A broken string turns the rest into rules: a name containing
`\\f}` closed the @page rule and what followed hid the quote's price table. A backslash starts an
escape, and `<` could start the `</style>` that ends the element for the HTML parser.

So the characters that could end, break or escape the string become CSS hex escapes with their
terminating space (`"` -> `\\22 `, `'` -> `\\27 `, `\\` -> `\\5c `, `<` -> `\\3c `, `>` -> `\\3e `),
which the CSS parser reads back as the character itself. Control characters are not kept even as
escapes, because a document has no glyph for them (WeasyPrint draws a form feed as a .notdef box,
and the page's text can no longer be copied or searched): a line feed, carriage return, form feed,
tab or vertical tab becomes a space, every other control character (C0, DEL, C1) is dropped.
"""

from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

_HEX_ESCAPED = {char: f"\\{ord(char):x} " for char in "\"'\\<>"}
_CONTROLS = {chr(code): "" for code in [*range(0x00, 0x20), *range(0x7F, 0xA0)]}
_TO_SPACE = dict.fromkeys("\t\n\v\f\r", " ")
_REPLACEMENTS = str.maketrans({**_CONTROLS, **_TO_SPACE, **_HEX_ESCAPED})


def css_string_escape(value) -> str:
    """`value` made safe to stand between the quotes of a CSS string (either kind)."""
    return str(value).translate(_REPLACEMENTS)


@register.filter
def css_string(value) -> SafeString:
    # Safe for HTML too: inside <style> an HTML entity would not be decoded, and `<` is escaped.
    return mark_safe(css_string_escape(value))  # noqa: S308
