"""An anonymised person's comments and attachments (cases.anonymisation.ERASERS)."""

from cases.anonymisation import Person
from cases.models import Case

from .models import Comment
from .services import anonymise_case_extras


def erase(person: Person) -> None:
    """Her cases' comments blanked and files deleted; a comment on another case that
    names her keeps its words but not hers."""
    for case in Case.objects.filter(pk__in=person.case_ids):
        anonymise_case_extras(case)
    for comment in Comment.objects.exclude(case_id__in=person.case_ids):
        if person.mentions(comment.text):
            comment.text = person.scrub(comment.text)
            comment.save(update_fields=["text"])
