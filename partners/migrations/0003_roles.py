# The staff roles (secretariat, partner editors) and their permissions. Filled in by the staff-editing work.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0002_workflow_history_and_staff"),
    ]

    operations = []
