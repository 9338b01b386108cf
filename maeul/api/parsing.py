"""Reading request bodies: JSON only, and a malformed body is the client's error, told plainly.

django-ninja wraps any parser failure in a 400 whose text (in debug mode) repeats the JSON
parser's message; Maeul's parser raises ``MalformedJSON`` instead, which the error contract
(``maeul.api.errors``) recognises and answers with its own words, in the request's language.
"""

from __future__ import annotations

import json
from typing import Any, cast

from django.http import HttpRequest
from ninja.parser import Parser


class MalformedJSON(ValueError):
    """The request body is not a JSON document (or not UTF-8)."""


class JsonParser(Parser):
    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        try:
            return cast(dict[str, Any], json.loads(request.body))
        except (ValueError, UnicodeDecodeError) as error:
            raise MalformedJSON("malformed JSON body") from error
