from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from engagements.demo import load_demo_data
from engagements.models import Customer


class Command(BaseCommand):
    help = "Load the demo users and a dozen Swedish engagements (embedded run only)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Demo data has known passwords; load_demo runs only with DEBUG on.")
        if Customer.objects.exists():
            self.stdout.write("Demo data is already loaded; nothing to do.")
            return
        engagements = load_demo_data()
        self.stdout.write(self.style.SUCCESS(f"Loaded {len(engagements)} demo engagements."))
