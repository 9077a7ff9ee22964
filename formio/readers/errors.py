"""The one exception the readers raise."""


class UnreadableForm(Exception):
    """The file is not a readable form; str(error) is a one-line reason in Portuguese."""
