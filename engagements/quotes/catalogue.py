"""The service catalogue we start with; the admin keeps it from then on.

Loaded by data migration 0002 and by `catalogue_load_defaults` (demo, tests). Prices are
SEK excluding VAT.
"""

from decimal import Decimal

# (code, section, Swedish name, English name, unit, unit price)
DEFAULT_CATALOGUE = [
    ("pre-study", "pre_study", "Förstudie och kartläggning", "Pre-study and discovery", "fixed", "8500"),
    (
        "migration-500gb",
        "migration",
        "Migrering, upp till 500 GB",
        "Migration, up to 500 GB",
        "fixed",
        "18000",
    ),
    ("migration-2tb", "migration", "Migrering, 500 GB – 2 TB", "Migration, 500 GB – 2 TB", "fixed", "32000"),
    ("migration-5tb", "migration", "Migrering, 2 – 5 TB", "Migration, 2 – 5 TB", "fixed", "54000"),
    (
        "migration-extra-tb",
        "migration",
        "Migrering, per påbörjad TB över 5 TB",
        "Migration, per started TB above 5 TB",
        "piece",
        "9500",
    ),
    (
        "dropbox-standard",
        "licences",
        "Dropbox Standard, per användare och månad",
        "Dropbox Standard, per user and month",
        "user_month",
        "165",
    ),
    (
        "dropbox-advanced",
        "licences",
        "Dropbox Advanced, per användare och månad",
        "Dropbox Advanced, per user and month",
        "user_month",
        "260",
    ),
    (
        "install-onsite",
        "installation",
        "Installation per användare, på plats",
        "Installation per user, on site",
        "user",
        "950",
    ),
    (
        "install-remote",
        "installation",
        "Installation per användare, på distans",
        "Installation per user, remote",
        "user",
        "650",
    ),
    (
        "install-guided",
        "installation",
        "Installation per användare, egen installation med guide",
        "Installation per user, self-install with our guide",
        "user",
        "250",
    ),
    (
        "training-day",
        "training",
        "Utbildning, heldag (upp till 12 deltagare)",
        "Training, full day (up to 12 attendees)",
        "day",
        "12500",
    ),
    (
        "training-half-days",
        "training",
        "Utbildning, två halvdagar",
        "Training, two half days",
        "piece",
        "14000",
    ),
    (
        "support-two-weeks",
        "support",
        "Support två veckor efter flytten",
        "Support for two weeks after the move",
        "fixed",
        "9800",
    ),
    (
        "decommission-server",
        "decommissioning",
        "Avveckling av filserver",
        "Decommissioning of a file server",
        "fixed",
        "6500",
    ),
    ("consultant-hour", "other", "Konsulttimme", "Consultant hour", "hour", "1150"),
]


def catalogue_rows() -> list[dict]:
    return [
        {
            "code": code,
            "section": section,
            "name_sv": name_sv,
            "name_en": name_en,
            "unit": unit,
            "unit_price": Decimal(price),
            "vat_rate": Decimal("25.00"),
            "position": index * 10,
        }
        for index, (code, section, name_sv, name_en, unit, price) in enumerate(DEFAULT_CATALOGUE)
    ]


def catalogue_load_defaults(catalogue_model=None) -> int:
    """Add the items missing by code; never overwrite what the admin has changed. Returns how many."""
    if catalogue_model is None:
        from engagements.quotes.models import CatalogueItem as catalogue_model
    existing = set(catalogue_model.objects.values_list("code", flat=True))
    missing = [catalogue_model(**row) for row in catalogue_rows() if row["code"] not in existing]
    catalogue_model.objects.bulk_create(missing)
    return len(missing)
