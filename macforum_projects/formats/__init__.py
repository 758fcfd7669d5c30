"""Date formats per language (settings.FORMAT_MODULE_PATH): `5 dec. 2026 12:09` in Swedish,
`5 Dec 2026 12:09` in English — day, short month, year and a 24-hour clock in both, never the US
`12/05/2026 12:09 p.m.`. Templates use the named formats (`|date:"DATE_FORMAT"`,
`"DATETIME_FORMAT"`, `"MONTH_DAY_FORMAT"`), so a page follows its reader's language.
What these modules leave out (number separators, input formats) comes from Django's locale.
"""
