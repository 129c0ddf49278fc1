"""Parses shorthand inputs with the Python AWS CLI's parser (the oracle of the differential
test). Reads a JSON array of strings on stdin, writes a JSON array of results on stdout."""
import base64
import json
import sys

from awscli.shorthand import (
    DuplicateKeyInObjectError,
    ShorthandParseSyntaxError,
    ShorthandParser,
)


def plain(value):
    if isinstance(value, bytes):
        return base64.b64encode(value).decode('ascii')
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def run(text):
    try:
        return {'ok': plain(ShorthandParser().parse(text))}
    except ShorthandParseSyntaxError as e:
        return {
            'err': "Expected: '%s', received: '%s' for input:\n%s"
            % (e.expected, e.actual, e._error_location())
        }
    except DuplicateKeyInObjectError as e:
        return {'err': str(e)}
    except Exception as e:  # paramfile errors and anything unexpected
        return {'err': str(e)}


inputs = json.load(sys.stdin)
json.dump([run(t) for t in inputs], sys.stdout)
