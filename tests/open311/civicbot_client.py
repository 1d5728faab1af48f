"""A real Open311 client library that posts, `civicbot` from PyPI (its GeoReport v2 client,
`civicbot.open311`), posting to and reading from a live Qala endpoint.

Usage: civicbot_client.py <base url ending in /open311/v2> <api key>

The library runs on Python 3 with nothing but the standard library, and `scripts/lib/services.sh`
installs it by name. It speaks JSON, posts form-encoded (the key and the jurisdiction in the body,
a list answer as `attribute[code][]`), checks a request against the service's live definition
before it sends it, and sends only when told to: by default it prepares the form and stops.
Exits non-zero with the reason on the first thing that does not hold.
"""

import json
import sys

from civicbot import Endpoint, HttpError, Open311Client, ValidationError

DATATYPES = ["number", "datetime", "string", "text", "singlevaluelist", "multivaluelist"]


def check(condition, what):
    if not condition:
        sys.exit(f"civicbot: FAILED: {what}")


def main(base, key):
    endpoint = Endpoint(id="alpha", name="Alpha", base_url=base, write=True)
    client = Open311Client(endpoint, jurisdiction_id="alpha")

    codes = [s["service_code"] for s in client.list_services()]
    check("no-cold-water" in codes, f"the service list names no-cold-water: {codes}")
    definition = client.get_service_definition("no-cold-water")
    datatypes = [a["datatype"] for a in definition["attributes"]]
    check(datatypes == DATATYPES, f"every datatype is defined: {datatypes}")

    report = dict(
        lat=51.1601,
        lng=71.4702,
        description="Нет холодной воды с утра",
        first_name="Арман",
        phone="+77017001122",
        attributes={"floor": "3", "where": "kitchen", "signs": ["no_pressure", "rusty"]},
    )
    # Checked against the live definition, which the library reads first: a required answer missing
    # and a value the list does not offer are refused before anything is sent.
    for attributes, wrong in (({"where": "kitchen"}, "'floor'"), ({"floor": "3", "where": "attic"}, "attic")):
        try:
            client.create_request(
                "no-cold-water", api_key=key, validate_remote=True, **{**report, "attributes": attributes}
            )
            check(False, f"the definition refuses {attributes}")
        except ValidationError as refused:
            check(wrong in str(refused), f"the definition refuses {attributes}: {refused}")
    # By default the library only prepares the form.
    prepared = client.create_request("no-cold-water", api_key=key, validate_remote=True, **report)
    check(prepared.dry_run and prepared.response is None, f"a dry run sends nothing: {prepared.as_dict()}")
    check(prepared.url == f"{base}/requests.json", f"it would post to requests.json: {prepared.url}")
    check(
        prepared.form.get("attribute[signs][]") == ["no_pressure", "rusty"],
        f"a list answer goes as attribute[signs][]: {prepared.redacted_form()}",
    )

    def post(api_key):
        sent = client.create_request(
            "no-cold-water", api_key=api_key, validate_remote=True, dry_run=False, confirm="SEND", **report
        )
        check(not sent.dry_run and isinstance(sent.response, list), f"it was sent: {sent.as_dict()}")
        return sent.response[0]

    posted = post(key)
    request_id = posted["service_request_id"]
    check(request_id.startswith("ALF-"), f"posting answers with the appeal's number: {posted}")
    again = post(key)
    check(again["service_request_id"] == request_id, f"a repeated post is the same request: {again}")

    one = client.get_request(request_id)
    check(one["service_request_id"] == request_id, f"the request reads back: {one}")
    check(one["status"] == "open", f"it is open: {one}")
    check(one["service_code"] == "no-cold-water", f"under its service: {one}")
    check(one["description"] == report["description"], f"with its text: {one}")
    listed = client.list_requests(service_code="no-cold-water", status="open")
    ids = [r["service_request_id"] for r in listed]
    check(request_id in ids, f"the list holds it: {ids}")
    check("token" not in posted, f"the id is known at once, so no token comes with it: {posted}")

    try:
        post("not-a-key")
        check(False, "a wrong key is refused")
    except HttpError as refused:
        error = json.loads(refused.body)[0]
        check(refused.status == 403 and error["code"] == 403, f"a wrong key is a 403: {refused.status} {error}")
    print("civicbot: ok")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
