"""Runs Django on the cases django-compat.test.ts sends (JSON on stdin) and prints what Django does.

Test helper only: Canter's own code is compared against these answers, never derived from them.
"""
import base64
import datetime
import io
import json
import sys
import tempfile
from unittest import mock

import django
from django.conf import settings

settings.configure(DATA_UPLOAD_MAX_NUMBER_FIELDS=None, FILE_UPLOAD_TEMP_DIR=tempfile.gettempdir())
django.setup()

from django.core.files.uploadhandler import MemoryFileUploadHandler, TemporaryFileUploadHandler  # noqa: E402
from django.http import HttpResponse, QueryDict  # noqa: E402
from django.http.cookie import parse_cookie  # noqa: E402
from django.http.multipartparser import MultiPartParser  # noqa: E402

request = json.load(sys.stdin)
NOW = request["now"]


class FrozenDateTime(datetime.datetime):
    """A datetime whose utcnow()/now() is the test's clock, as set_cookie asks the expires value."""

    @classmethod
    def utcnow(cls):
        return datetime.datetime.utcfromtimestamp(NOW)

    @classmethod
    def now(cls, tz=None):
        return datetime.datetime.fromtimestamp(NOW, tz)


def set_cookie(case):
    options = case["options"]
    kwargs = {}
    for js, py in (("maxAge", "max_age"), ("expires", "expires"), ("path", "path"), ("domain", "domain"),
                   ("secure", "secure"), ("httpOnly", "httponly"), ("sameSite", "samesite")):
        if js in options:
            kwargs[py] = options[js]
    if "expiresEpoch" in options:
        kwargs["expires"] = FrozenDateTime.utcfromtimestamp(options["expiresEpoch"])
    response = HttpResponse()
    try:
        response.set_cookie(case["name"], case["value"], **kwargs)
        header = response.cookies[case["name"]].OutputString()
    except Exception as error:  # noqa: BLE001 - the test compares the failure, not its type
        return {"error": type(error).__name__}
    try:
        header.encode("latin-1")
        latin1 = True
    except UnicodeEncodeError:
        latin1 = False
    return {"header": header, "latin1": latin1}


def multipart(case):
    body = base64.b64decode(case["body"])
    meta = {"CONTENT_TYPE": case["contentType"], "CONTENT_LENGTH": str(len(body))}
    handlers = [MemoryFileUploadHandler(), TemporaryFileUploadHandler()]
    try:
        post, files = MultiPartParser(meta, io.BytesIO(body), handlers).parse()
    except Exception as error:  # noqa: BLE001
        return {"error": type(error).__name__}
    return {
        "post": [[k, v] for k, v in post.lists()],
        "files": [[k, [[f.name, f.size, base64.b64encode(f.read()).decode()] for f in v]] for k, v in files.lists()],
    }


def urlencode(case):
    q = QueryDict(mutable=True)
    for key, values in case["lists"]:
        q.setlist(key, values)
    return q.urlencode(case["safe"]) if case["safe"] else q.urlencode()


with mock.patch("time.time", return_value=NOW):
    answer = {
        "setCookie": [set_cookie(case) for case in request["setCookie"]],
        "parseCookie": [list(parse_cookie(header).items()) for header in request["parseCookie"]],
        "queryString": [[[k, v] for k, v in QueryDict(qs).lists()] for qs in request["queryString"]],
        "urlencode": [urlencode(case) for case in request["urlencode"]],
        "multipart": [multipart(case) for case in request["multipart"]],
    }
json.dump(answer, sys.stdout)
