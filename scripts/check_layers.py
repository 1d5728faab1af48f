#!/usr/bin/env python3
"""Keeps the backend's dependencies running one way (see docs/architecture.md).

Reads every `crate::` and `super::` path in backend/src and fails when:
  1. files import each other in a circle;
  2. a module imports a module of a higher layer (a service naming a transport, the request
     context naming a service, infra naming anything of the domain);
  3. two rooms of the same layer import each other both ways (orgs -> catalog and catalog -> orgs);
  4. a module below the transports uses async_graphql or actix (GraphQL types, HTTP responses);
  5. a top-level module belongs to no layer (a new one must be placed in LAYERS below).

usage: scripts/check_layers.py [backend/src]      scripts/check_layers.py --self-test
"""
import os
import re
import sys
import tempfile

# Top to bottom; a module may import its own layer or any lower one.
LAYERS = [
    # Transports and drivers: they call services and are called by nobody but the binary.
    ("transport", {"http", "graphql", "jobs", "cli", "main", "lib", "demo"}),
    # Domain contexts: each one folder with its services, rules and models.
    ("context", {"analytics", "appeals", "audit", "auth", "buildings", "catalog", "channels", "notify", "orgs",
                 "platform", "rating", "residents", "routing", "works"}),
    # What every request carries: the shared state and the request's context.
    ("kernel", {"state", "context"}),
    # What the request context is made of: the city (tenancy) and the caller (access).
    ("foundation", {"tenancy", "access"}),
    # Storage, configuration and the shared vocabulary.
    ("infra", {"infra", "config", "error", "i18n", "string_enum", "validate", "telemetry", "words"}),
]
# A context's own GraphQL resolvers and types are transport files inside its folder.
TRANSPORT_FILE = re.compile(r"(^|/)graphql(/|\.rs$)")
# The shared vocabulary derives GraphQL enums and objects in one place instead of in every context.
GRAPHQL_DERIVES_ALLOWED = {"string_enum.rs", "i18n.rs"}
FRAMEWORK = re.compile(r"\b(async_graphql|actix_web|actix_multipart|actix_http|actix)::")

LAYER_OF = {top: i for i, (_, tops) in enumerate(LAYERS) for top in tops}


def modules(root):
    """`{("appeals", "register"): "appeals/register.rs", ...}`: every file by its module path."""
    found = {}
    for d, _, names in os.walk(root):
        for name in names:
            if name.endswith(".rs"):
                rel = os.path.relpath(os.path.join(d, name), root).replace(os.sep, "/")
                parts = rel[:-3].split("/")
                if parts[-1] == "mod":
                    parts = parts[:-1]
                if parts in (["lib"], ["main"]):
                    parts = [parts[0]]
                found[tuple(parts)] = rel
    return found


def expand(path):
    """`a::{b, c::{d, e}}` -> [[a, b], [a, c, d], [a, c, e]]."""
    m = re.match(r"([\w:]*?)::?\{(.*)\}$", path, re.S)
    if not m:
        return [[x for x in path.split("::") if x and x != "self"]]
    head = [x for x in m.group(1).split("::") if x]
    out, depth, cur = [], 0, ""
    for ch in m.group(2) + ",":
        if ch == "{":
            depth += 1
        if ch == "}":
            depth -= 1
        if ch == "," and depth == 0:
            if cur.strip():
                out += [head + e for e in expand(cur.strip())]
            cur = ""
        else:
            cur += ch
    return out


def code_of(path):
    """The file without comments and without its `#[cfg(test)]` tail."""
    with open(path, encoding="utf-8") as f:
        src = f.read()
    src = re.sub(r"//[^\n]*", "", src)
    return re.split(r"#\[cfg\(test\)\]", src)[0]


def imports(root, files):
    """`{file: {imported file, ...}}` from `crate::` and `super::` paths."""
    by_parts = {k: v for k, v in files.items()}

    def resolve(parts):
        for n in range(len(parts), 0, -1):
            if tuple(parts[:n]) in by_parts:
                return by_parts[tuple(parts[:n])]
        return None

    edges = {}
    for key, rel in files.items():
        src = code_of(os.path.join(root, rel))
        out = set()
        for m in re.finditer(r"\bcrate::((?:\w+::)*(?:\w+|\{[^;]*?\}))", src):
            for parts in expand(re.sub(r"\s+", "", m.group(1))):
                target = resolve([x.split(" as ")[0] for x in parts])
                if target and target != rel:
                    out.add(target)
        parent = list(key[:-1]) if not rel.endswith("mod.rs") else list(key[:-1])
        for m in re.finditer(r"\bsuper::((?:\w+::)*(?:\w+|\{[^;]*?\}))", src):
            for parts in expand(re.sub(r"\s+", "", m.group(1))):
                target = resolve(parent + [x.split(" as ")[0] for x in parts])
                if target and target != rel:
                    out.add(target)
        edges[rel] = out
    return edges


def room(rel):
    """The unit the layer rules speak of: a top-level module, or a context's transport files."""
    top = rel.split("/")[0].removesuffix(".rs")
    if LAYER_OF.get(top, 0) > 0 and TRANSPORT_FILE.search(rel):
        return f"{top}/graphql"
    return top


def layer(room_name):
    if room_name.endswith("/graphql"):
        return 0
    return LAYER_OF.get(room_name)


def circles(edges):
    index, low, stack, on, found, counter = {}, {}, [], set(), [], [0]
    sys.setrecursionlimit(10000)

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in edges[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def check(root):
    """Every breach of the rules, as sentences."""
    files = modules(root)
    edges = imports(root, files)
    problems = []
    for rel in sorted(edges):
        if layer(room(rel)) is None:
            problems.append(f"{rel}: the module `{room(rel)}` belongs to no layer; place it in "
                            "scripts/check_layers.py LAYERS and docs/architecture.md")
    for comp in circles(edges):
        problems.append("import circle: " + " -> ".join(comp))
    pairs = {}
    for src, targets in edges.items():
        a = room(src)
        for dst in targets:
            b = room(dst)
            if a == b or layer(a) is None or layer(b) is None:
                continue
            if layer(b) < layer(a):
                problems.append(f"{src} ({LAYERS[layer(a)][0]} `{a}`) imports {dst} "
                                f"({LAYERS[layer(b)][0]} `{b}`): dependencies run downward only")
            elif layer(a) > 0 and layer(a) == layer(b):
                pairs.setdefault((a, b), set()).add(f"{src} -> {dst}")
    for (a, b), why in sorted(pairs.items()):
        if (b, a) in pairs and a < b:
            problems.append(f"`{a}` and `{b}` import each other: {sorted(why)[0]}, "
                            f"{sorted(pairs[(b, a)])[0]}")
    for rel in sorted(edges):
        r = room(rel)
        if layer(r) in (None, 0) or os.path.basename(rel) in GRAPHQL_DERIVES_ALLOWED:
            continue
        m = FRAMEWORK.search(code_of(os.path.join(root, rel)))
        if m:
            problems.append(f"{rel}: `{m.group(0)}` below the transports; GraphQL and HTTP types "
                            "belong in the context's graphql module or in http/")
    return problems


def self_test():
    """Each rule, shown to fail on a small crate that breaks it and to pass on one that does not."""
    cases = {
        "clean": ({"lib.rs": "use crate::appeals::x;", "appeals/mod.rs": "use crate::infra::db;",
                   "appeals/graphql.rs": "use async_graphql::Object; use crate::appeals::x;",
                   "infra/mod.rs": "", "infra/db.rs": ""}, None),
        "circle": ({"appeals/a.rs": "use super::b;", "appeals/b.rs": "use super::a;",
                    "appeals/mod.rs": ""}, "import circle"),
        "upward": ({"infra/db.rs": "use crate::tenancy::Slug;", "tenancy/mod.rs": ""},
                   "dependencies run downward only"),
        "two-way": ({"orgs/mod.rs": "use crate::catalog::x;", "catalog/mod.rs": "use crate::orgs::y;"},
                    "import each other"),
        "framework": ({"catalog/import.rs": "#[derive(async_graphql::SimpleObject)] struct A;",
                       "catalog/mod.rs": ""}, "below the transports"),
        "unplaced": ({"gadgets/mod.rs": ""}, "belongs to no layer"),
    }
    failed = 0
    for name, (tree, expected) in cases.items():
        with tempfile.TemporaryDirectory() as root:
            for rel, text in tree.items():
                os.makedirs(os.path.dirname(os.path.join(root, rel)) or root, exist_ok=True)
                with open(os.path.join(root, rel), "w", encoding="utf-8") as f:
                    f.write(text + "\n")
            problems = check(root)
        ok = not problems if expected is None else any(expected in p for p in problems)
        if not ok:
            failed += 1
            print(f"self-test `{name}` failed: expected {expected!r}, got {problems}")
    print(f"check_layers self-test: {len(cases) - failed}/{len(cases)} cases behave")
    return failed == 0


def main():
    if sys.argv[1:] == ["--self-test"]:
        sys.exit(0 if self_test() else 1)
    root = sys.argv[1] if len(sys.argv) > 1 else "backend/src"
    problems = check(root)
    for p in problems:
        print(p)
    if problems:
        print(f"{len(problems)} breaches of the one-way rule (docs/architecture.md)")
        sys.exit(1)
    print(f"one-way dependencies: {len(modules(root))} modules, no circles, no upward imports")


if __name__ == "__main__":
    main()
