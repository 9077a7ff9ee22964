"""The API's JSON parser: DRF's, plus a body nested too deep to read (`[[[[...`), which
Python's json answers with RecursionError, refused as a 400 like any malformed JSON."""

from rest_framework import parsers
from rest_framework.exceptions import ParseError

TOO_DEEP = "JSON inválido: listas ou objetos aninhados em profundidade demais."


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(TOO_DEEP) from None
