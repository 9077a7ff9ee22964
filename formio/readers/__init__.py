"""Placeholder: the readers land with issue 4."""


class UnreadableForm(Exception):
    pass


def read_form_bytes(content: bytes, filename: str):
    raise UnreadableForm(f"{filename}: leitores ainda não disponíveis.")
