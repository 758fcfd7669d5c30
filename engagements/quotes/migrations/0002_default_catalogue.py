from django.db import migrations


def load(apps, schema_editor):
    from engagements.quotes.catalogue import catalogue_load_defaults

    catalogue_load_defaults(apps.get_model("quotes", "CatalogueItem"))


class Migration(migrations.Migration):
    dependencies = [("quotes", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
