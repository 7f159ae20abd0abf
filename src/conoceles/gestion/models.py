"""No tables of its own. The review rules are a process setting whose changes Gestión → Proceso audits like the
others' (django-simple-history): their historical model is registered here, where both apps may be imported (the
review app is built on elections, not the reverse), and kept with the process's history in the elections app."""

from simple_history import register

from conoceles.review.models import ReviewRules

register(ReviewRules, app="conoceles.elections", excluded_fields=["updated_at"])
