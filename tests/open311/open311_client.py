# -*- coding: utf-8 -*-
"""Code for America's Open311 client library (`open311` 1.1 from PyPI), unchanged, posting to
and reading from a live Qala endpoint.

Usage: python2.7 open311_client.py <base url ending in /open311/v2> <api key>

The library is written for Python 2, and `scripts/lib/services.sh` provides that interpreter. It
speaks XML by default, posts form-encoded with the key and jurisdiction in the query string,
asks for definitions under `service/<code>` and parses every answer with its own XML reader.
Exits non-zero with the reason on the first thing that does not hold.
"""

from __future__ import print_function

import sys
import urllib2

from open311 import Open311
from open311.api.xml2dict import xml2dict


def check(condition, what):
    if not condition:
        sys.exit("open311: FAILED: %s" % what)


def as_list(value):
    """The library's XML reader gives one element as a dict and several as a list."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def main(base, key):
    client = Open311(endpoint=base, api_key=key, jurisdiction="alpha")

    codes = [s["service_code"] for s in as_list(client.service_list())]
    check("no-cold-water" in codes, "the service list names no-cold-water: %r" % codes)
    definition = client.service_definition("no-cold-water")["service_definition"]
    datatypes = [a["datatype"] for a in as_list(definition["attributes"]["attribute"])]
    check(
        datatypes == ["number", "datetime", "string", "text", "singlevaluelist", "multivaluelist"],
        "every datatype is defined: %r" % datatypes,
    )

    report = dict(
        service_code="no-cold-water",
        lat="51.1601",
        long="71.4702",
        description="Нет холодной воды с утра",
        first_name="Арман",
        phone="+77017001122",
        **{"attribute[floor]": "3", "attribute[where]": "kitchen"}
    )
    posted = client.post_service_request(**report)["service_requests"]["request"]
    request_id = posted["service_request_id"]
    check(request_id.startswith("ALF-"), "posting answers with the appeal's number: %r" % posted)
    again = client.post_service_request(**report)["service_requests"]["request"]
    check(again["service_request_id"] == request_id, "a repeated post is the same request: %r" % again)

    one = client.get_service_request(request_id)["service_requests"]["request"]
    check(one["service_request_id"] == request_id, "the request reads back: %r" % one)
    check(one["status"] == "open", "it is open: %r" % one)
    check(one["service_code"] == "no-cold-water", "under its service: %r" % one)
    listed = client.service_requests(service_code="no-cold-water", status="open")
    ids = [r["service_request_id"] for r in as_list(listed)]
    check(request_id in ids, "the list holds it: %r" % ids)
    found = client.request_id_from_token(posted["token"])
    check(found["service_request_id"] == request_id, "the token leads to it: %r" % found)

    stranger = Open311(endpoint=base, api_key="not-a-key", jurisdiction="alpha")
    try:
        stranger.post_service_request(**report)
        check(False, "a wrong key is refused")
    except urllib2.HTTPError as refused:
        error = xml2dict(refused.read())["errors"]["error"]
        check(refused.code == 403 and error["code"] == "403", "a wrong key is a 403: %r" % error)
    print("open311: ok")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
