"""A real Open311 client library, `georeport` from PyPI, against a live Qala endpoint.

Usage: georeport_client.py <base url ending in /open311/v2> <api key>

The library reads (services, definitions, requests) in JSON and in XML; it cannot post, so the
request it then reads is posted the way GeoReport clients post: form-encoded to requests.json.
Exits non-zero with the reason on the first thing that does not hold.
"""

import sys

import requests
from georeport import GeoReport


def check(condition, what):
    if not condition:
        sys.exit(f"georeport: FAILED: {what}")


def main(base, key):
    for fmt in ("json", "xml"):
        client = GeoReport(base, jurisdiction="alpha", api_key=key, output_format=fmt)
        services = client.get_service_list()
        codes = [s["service_code"] for s in services]
        check("no-cold-water" in codes, f"{fmt}: the service list names no-cold-water: {codes}")
        definition = client.get_service_definition("no-cold-water")
        attributes = definition["attributes"]
        if fmt == "xml":
            attributes = attributes["attribute"]
        datatypes = [a["datatype"] for a in attributes]
        check(
            datatypes == ["number", "datetime", "string", "text", "singlevaluelist", "multivaluelist"],
            f"{fmt}: every datatype is defined: {datatypes}",
        )

    posted = requests.post(
        f"{base}/requests.json",
        data={
            "api_key": key,
            "jurisdiction_id": "alpha",
            "service_code": "no-cold-water",
            "lat": "51.16",
            "long": "71.47",
            "attribute[floor]": "3",
            "attribute[where]": "kitchen",
            "description": "No cold water since the morning",
        },
        timeout=10,
    )
    check(posted.status_code == 200, f"posting answers 200: {posted.status_code} {posted.text}")
    request_id = posted.json()[0]["service_request_id"]

    for fmt in ("json", "xml"):
        client = GeoReport(base, jurisdiction="alpha", output_format=fmt)
        one = client.get_service_request(request_id)
        check(one["service_request_id"] == request_id, f"{fmt}: the request reads back: {one}")
        check(one["status"] == "open", f"{fmt}: it is open: {one}")
        listed = client.get_service_requests(service_code="no-cold-water", status="open")
        if fmt == "xml" and isinstance(listed, dict):
            listed = [listed]
        ids = [r["service_request_id"] for r in listed]
        check(request_id in ids, f"{fmt}: the list holds it: {ids}")
        listed = client.get_service_requests(service_request_id=request_id)
        if fmt == "xml" and isinstance(listed, dict):
            listed = [listed]
        check(len(listed) == 1, f"{fmt}: one id, one request: {listed}")
    print("georeport: ok")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
