from django.db import transaction

from .forms import ContactTemplateForm
from .models import ContactTemplate


def contact_template_save(*, form: ContactTemplateForm) -> ContactTemplate:
    """Create or change a contact template from its validated form."""
    with transaction.atomic():
        return form.save()


def active_templates() -> list[ContactTemplate]:
    return list(ContactTemplate.objects.filter(active=True))
