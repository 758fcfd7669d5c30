"""The four Dropbox plans with the prices Macforum quoted when this was written.

Standard and Advanced use the service catalogue's list prices for their licences (165 and 260 kr
per user and month, engagements/quotes/catalogue.py), Business and Business Plus (Dropbox's newer
names for the team plans with more storage and admin controls) the SEK list prices for monthly
billing last seen on dropbox.com/sv_SE/plans: treat them as a starting point. Dropbox sells
every team plan from 3 users. The admin keeps these rows: a changed price is edited there, and
this migration never overwrites a plan that exists.
"""

from decimal import Decimal

from django.db import migrations

PLANS = [
    # code, name, minimum seats, price per user and month (SEK, excl. VAT), catalogue item, position
    ("standard", "Dropbox Standard", 3, "165.00", "dropbox-standard", 10),
    ("advanced", "Dropbox Advanced", 3, "260.00", "dropbox-advanced", 20),
    ("business", "Dropbox Business", 3, "180.00", "", 30),
    ("business-plus", "Dropbox Business Plus", 3, "290.00", "", 40),
]


def load_plans(apps, schema_editor):
    DropboxPlan = apps.get_model("licensing", "DropboxPlan")
    for code, name, minimum, price, catalogue_code, position in PLANS:
        DropboxPlan.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "minimum_seats": minimum,
                "price_per_user_month": Decimal(price),
                "vat_rate": Decimal("25.00"),
                "catalogue_code": catalogue_code,
                "position": position,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("licensing", "0001_licence_plans_and_team_members")]

    operations = [migrations.RunPython(load_plans, migrations.RunPython.noop)]
