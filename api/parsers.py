"""The API's JSON parser: DRF's, with its refusals in Portuguese (DRF says "JSON parse
error - Expecting value: line 1 column 9 (char 8)"), and a body nested too deep to read
(`[[[[...`), which Python's json answers with RecursionError, a 400 like any bad JSON."""

import json

from rest_framework import parsers
from rest_framework.exceptions import ParseError

TOO_DEEP = "JSON inválido: listas ou objetos aninhados em profundidade demais."
NOT_UTF8 = "JSON inválido: o corpo não está em UTF-8."
NOT_A_NUMBER = "JSON inválido: NaN e Infinity não são números em JSON."


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(TOO_DEEP) from None
        except ParseError as error:
            # DRF raises it while handling the ValueError of json.load: its context
            raise ParseError(refusal(error.__context__)) from None


def refusal(cause: BaseException | None) -> str:
    """Why json.load refused a body, in Portuguese. Its ValueErrors are three: malformed
    text, bytes that are not UTF-8, and NaN/Infinity (DRF's strict constants)."""
    if isinstance(cause, json.JSONDecodeError):
        return f"JSON inválido na linha {cause.lineno}, coluna {cause.colno}."
    if isinstance(cause, UnicodeDecodeError):
        return NOT_UTF8
    return NOT_A_NUMBER
