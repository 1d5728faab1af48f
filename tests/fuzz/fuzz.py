"""Property-based fuzzing of a live Qala server: GraphQL operations generated from the schema on
file (hypothesis-graphql, valid and invalid ones) sent with a token of every role and with none,
and random requests to the Open311 endpoint and the channel webhooks.

Usage: fuzz.py <server address> <schema file> <city slug> <seconds>
Tokens come as JSON in QALA_FUZZ_TOKENS ({"role": "token" or null}); an Open311 key of the city in
QALA_FUZZ_OPEN311_KEY.

Fails (exit 1, with reproducers) on any 5xx answer, any error with the code INTERNAL, and any
connection the server dropped. Bounded by <seconds> in all; prints how many requests it sent.
"""

import json
import os
import sys
import time
from datetime import timezone

import requests
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import Mode, mutations, nodes, queries

# Mutations that would end the fuzzer's own sessions or switch the city off: the rest of the run
# would only see UNAUTHENTICATED or 403, which tests nothing.
SPARED = {"logout", "setTenantSuspended", "setUserActive", "updateUser", "refreshSession"}
SCALARS = {
    "DateTime": st.datetimes(timezones=st.just(timezone.utc)).map(lambda d: nodes.String(d.isoformat())),
    "NaiveDate": st.dates().map(lambda d: nodes.String(d.isoformat())),
    "Upload": st.just(nodes.Null),
}
TEXT = st.text(max_size=40)
WEIRD = st.one_of(TEXT, st.sampled_from(["", "0", "-1", "9" * 30, "aé", "é", "\u0000", "%FF", "../..", "<b>x</b>", "1e309"]))


class Spent(Exception):
    """The share of time is spent: ends a Hypothesis run early, as a failure it reports."""


def within(share_until, run, body):
    """Runs a `@given` test until its share of time is spent."""
    try:
        body()
    except Spent:
        pass


class Run:
    def __init__(self, base, seconds):
        self.base = base
        self.deadline = time.monotonic() + seconds
        self.session = requests.Session()
        self.sent = 0
        self.failures = []

    def left(self, share_until):
        if time.monotonic() >= min(share_until, self.deadline):
            raise Spent()
        return True

    def send(self, method, path, what, **kwargs):
        self.sent += 1
        try:
            response = self.session.request(method, f"{self.base}{path}", timeout=30, **kwargs)
        except requests.exceptions.InvalidHeader:
            return  # the client library refuses to send it: nothing reached the server
        except requests.RequestException:
            # A connection the server closed after its previous answer can fail a reused one:
            # the same request on a new connection tells that apart from a request it dropped.
            self.session = requests.Session()
            try:
                response = self.session.request(method, f"{self.base}{path}", timeout=30, **kwargs)
            except requests.RequestException as error:
                detail = {k: v for k, v in kwargs.items() if k != "data"}
                body = kwargs.get("data")
                self.failures.append(f"{what}: {method} {path}: the connection failed: {error!r} {detail} {body!r:.300}")
                self.session = requests.Session()
                return
        if response.status_code >= 500:
            sent = {k: v for k, v in kwargs.items() if k in ("params", "data", "headers")}
            self.failures.append(f"{what}: {method} {path}: {response.status_code} {response.text[:200]} {sent!r:.600}")
            return
        if "json" in response.headers.get("content-type", ""):
            try:
                body = response.json()
            except ValueError:
                self.failures.append(f"{what}: {method} {path}: a JSON answer that is not JSON")
                return
            errors = body.get("errors") if isinstance(body, dict) else None
            for error in errors or []:
                code = (error.get("extensions") or {}).get("code")
                if code == "INTERNAL":
                    sent = {k: v for k, v in kwargs.items() if k in ("params", "data")}
                    self.failures.append(f"{what}: {method} {path}: INTERNAL: {error.get('message')} {sent!r:.600}")


def fuzz_graphql(run, schema, slug, tokens, until):
    fields = {
        "query": None,
        "mutation": [m for m in mutation_names(schema) if m not in SPARED],
    }
    roles = list(tokens.items())
    share = (until - time.monotonic()) / max(1, len(roles) * 2 * 2)
    for role, token in roles:
        headers = {"content-type": "application/json"}
        if token:
            headers["authorization"] = f"Bearer {token}"
        # The platform admin speaks to the platform's endpoint too.
        paths = [f"/t/{slug}/graphql"] + (["/graphql"] if role == "platform" else [])
        for kind, strategy in (("query", queries), ("mutation", mutations)):
            for mode in (Mode.POSITIVE, Mode.NEGATIVE):
                stop = time.monotonic() + share
                operations = strategy(schema, fields=fields[kind], custom_scalars=SCALARS, mode=mode)

                @settings(
                    max_examples=100_000,
                    deadline=None,
                    database=None,
                    phases=[Phase.generate],
                    suppress_health_check=list(HealthCheck),
                )
                @given(operation=operations, path=st.sampled_from(paths))
                def send(operation, path):
                    run.left(stop)
                    run.send("POST", path, f"graphql {role} {kind} {mode.name}", headers=headers,
                                 data=json.dumps({"query": operation}))

                within(stop, run, send)


def mutation_names(schema):
    import graphql

    built = graphql.build_schema(schema)
    return sorted(built.mutation_type.fields) if built.mutation_type else []


def fuzz_open311(run, slug, key, until):
    resources = st.one_of(
        st.sampled_from(["discovery", "services", "requests", "services/no-cold-water", "requests/ALF-2026-000001"]),
        st.builds(lambda a, b: f"{a}/{b}", st.sampled_from(["services", "service", "requests", "tokens", "media"]), TEXT),
        TEXT,
    )
    formats = st.sampled_from(["json", "xml", "txt", ""])
    known = ["api_key", "service_code", "lat", "long", "address_string", "address_id", "description",
             "first_name", "last_name", "phone", "email", "locale", "jurisdiction_id", "media_url", "start_date",
             "end_date", "status", "service_request_id", "attribute[floor]", "attribute[signs][]", "device_id",
             "account_id"]
    # Each parameter the spec names, present or not, with odd values; and names nobody expects.
    params = st.one_of(
        st.fixed_dictionaries({}, optional={name: WEIRD for name in known}),
        st.dictionaries(TEXT, WEIRD, max_size=4),
    )
    with_key = st.one_of(st.just(None), st.just(key), TEXT)

    @settings(max_examples=100_000, deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(resource=resources, fmt=formats, query=params, form=params, api_key=with_key,
           how=st.sampled_from(["get", "form", "multipart", "bytes"]), raw=st.binary(max_size=200))
    def send(resource, fmt, query, form, api_key, how, raw):
        run.left(until)
        path = f"/t/{slug}/open311/v2/{resource}.{fmt}"
        if api_key is not None:
            form = {**form, "api_key": api_key}
        what = f"open311 {how}"
        if how == "get":
            run.send("GET", path, what, params=query)
        elif how == "form":
            run.send("POST", path, what, params=query, data=form)
        elif how == "multipart":
            files = {"media": ("x.jpg", raw, "image/jpeg")}
            run.send("POST", path, what, params=query, data=form, files=files)
        else:
            run.send("POST", path, what, params=query, data=raw,
                     headers={"content-type": "application/x-www-form-urlencoded"})

    within(until, run, send)


def fuzz_webhooks(run, slug, until):
    json_values = st.recursive(
        st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), TEXT),
        lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(TEXT, inner, max_size=4)),
        max_leaves=12,
    )
    shaped = st.fixed_dictionaries({
        "update_id": st.integers(),
        "message": st.fixed_dictionaries({"message_id": st.integers(), "chat": st.fixed_dictionaries({"id": st.integers(), "type": WEIRD}), "text": WEIRD}),
    })
    call = st.fixed_dictionaries({"call_id": WEIRD, "caller": WEIRD, "operator": WEIRD, "event": WEIRD})
    bodies = st.one_of(json_values, shaped, call).map(json.dumps).map(str.encode) | st.binary(max_size=300)

    @settings(max_examples=100_000, deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(path=st.sampled_from([f"/t/{slug}/channels/phone/calls", f"/t/{slug}/channels/telegram/webhook",
                                 "/channels/phone/calls", "/channels/telegram/webhook"]),
           body=bodies, secret=st.one_of(st.none(), WEIRD))
    def send(path, body, secret):
        run.left(until)
        headers = {"content-type": "application/json"}
        if secret is not None:
            headers["x-telegram-bot-api-secret-token"] = secret.encode("utf-8", "replace").decode("latin-1", "replace")
            headers["authorization"] = "Bearer " + headers["x-telegram-bot-api-secret-token"]
        run.send("POST", path, "webhook", data=body, headers=headers)

    within(until, run, send)


def main(base, schema_path, slug, seconds):
    with open(schema_path, encoding="utf-8") as f:
        schema = f.read()
    tokens = json.loads(os.environ.get("QALA_FUZZ_TOKENS", '{"none": null}'))
    key = os.environ.get("QALA_FUZZ_OPEN311_KEY", "")
    run = Run(base, seconds)
    start = time.monotonic()
    fuzz_graphql(run, schema, slug, tokens, start + seconds * 0.6)
    fuzz_open311(run, slug, key, start + seconds * 0.9)
    fuzz_webhooks(run, slug, start + seconds)
    print(f"fuzz: {run.sent} requests in {time.monotonic() - start:.0f} s, {len(run.failures)} failures")
    if run.failures:
        for failure in run.failures[:10]:
            print(f"fuzz: FAILED: {failure}")
        sys.exit(1)
    print("fuzz: ok")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4]))
