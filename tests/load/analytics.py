"""Measures the analysts' queries against a running server and prints each figure beside its
target (issue: analytics and control of execution). Standard library only.

usage: analytics.py BASE_URL SLUG TOKEN SERVER_PID [ROUNDS]
"""
import json
import os
import statistics
import sys
import threading
import time
import urllib.request
from datetime import date, timedelta

base, slug, token, pid = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
rounds = int(sys.argv[5]) if len(sys.argv) > 5 else 20
headers = {"authorization": f"Bearer {token}", "content-type": "application/json"}


def gql(query, variables):
    body = json.dumps({"query": query, "variables": variables}).encode()
    request = urllib.request.Request(f"{base}/t/{slug}/graphql", body, headers)
    with urllib.request.urlopen(request, timeout=600) as reply:
        data = json.load(reply)
    if data.get("errors"):
        raise SystemExit(f"GraphQL error: {data['errors']}")
    return data["data"]


def p95(samples):
    return statistics.quantiles(samples, n=20)[-1] if len(samples) >= 2 else samples[0]


def timed(fn, n):
    fn()  # warm
    out = []
    for _ in range(n):
        started = time.perf_counter()
        fn()
        out.append((time.perf_counter() - started) * 1000)
    return out


today = date.today()
week = {"from": str(today - timedelta(days=6)), "to": str(today)}
month = {"from": str(today - timedelta(days=29)), "to": str(today)}
quarter_start = date(today.year, (today.month - 1) // 3 * 3 + 1, 1)
last_quarter_end = quarter_start - timedelta(days=1)
last_quarter = {"from": str(date(last_quarter_end.year, (last_quarter_end.month - 1) // 3 * 3 + 1, 1)), "to": str(last_quarter_end)}
year = {"from": str(today - timedelta(days=364)), "to": str(today)}

DASHBOARD = """query($p: PeriodInput!, $f: AnalyticsFilter, $g: Granularity) { dashboard(period: $p, filter: $f, granularity: $g) {
  current { received firstCall incidents onTimeShare medianHoursToResolve p90HoursToResolve reopenRate averageRating }
  previous { received } yearBefore { received incidents } volumes { start received previous yearBefore }
  topSpheres { id received } topCategories { id received } channels { channel received } digitalShare } }"""
spheres = gql("query { spheres { id } }", {}).get("spheres", [])
sphere = spheres[0]["id"] if spheres else None

EXECUTION = "query($p: PeriodInput!) { execution(period: $p) { organizationId figures { received openOverdue resolvedLate } } }"
lines = [l for l in gql(EXECUTION, {"p": year})["execution"] if l["organizationId"]]
busiest = max(lines, key=lambda l: l["figures"]["received"])["organizationId"] if lines else None

rows = []
# PostgreSQL: p95 under 200 ms; SQLite (SQLITE=1): under 1 s.
TARGET_DASHBOARD = float(os.environ.get("TARGET_DASHBOARD_MS", "200"))
for label, period, gran, flt in [
    ("dashboard, a week by day", week, "DAY", None),
    ("dashboard, a month by week", month, "WEEK", None),
    ("dashboard, a quarter by week", last_quarter, "WEEK", None),
    ("dashboard, a year by month", year, "MONTH", None),
    ("dashboard, a year by quarter, one sphere", year, "QUARTER", {"sphereId": sphere} if sphere else None),
    ("dashboard, a quarter, channel PHONE", last_quarter, "MONTH", {"channel": "PHONE"}),
    ("dashboard, a year by day", year, "DAY", None),
    ("dashboard, a year by month, the busiest organization", year, "MONTH", {"organizationId": busiest} if busiest else None),
]:
    samples = timed(lambda: gql(DASHBOARD, {"p": period, "g": gran, "f": flt}), rounds)
    rows.append((label, p95(samples), TARGET_DASHBOARD))

rows.append(("execution table, a quarter", p95(timed(lambda: gql(EXECUTION, {"p": last_quarter}), rounds)), 500.0))
HOTSPOTS = "query($p: PeriodInput!, $l: HotspotLevel, $f: AnalyticsFilter) { hotspots(period: $p, level: $l, filter: $f) { key appeals } }"
for level in ["BUILDING", "STREET", "CELL"]:
    samples = timed(lambda: gql(HOTSPOTS, {"p": last_quarter, "l": level}), rounds)
    rows.append((f"hotspots by {level.lower()}, a quarter", p95(samples), 500.0))
if sphere:
    samples = timed(lambda: gql(HOTSPOTS, {"p": last_quarter, "l": "BUILDING", "f": {"sphereId": sphere}}), rounds)
    rows.append(("hotspots of one sphere, a quarter", p95(samples), 500.0))
CHRONIC = "query { chronicAddresses(quarters: 4, minQuarters: 3) { buildingId total } }"
rows.append(("chronic addresses, 4 quarters", p95(timed(lambda: gql(CHRONIC, {}), max(3, rounds // 4))), None))


def download(path):
    request = urllib.request.Request(f"{base}/t/{slug}{path}", headers={"authorization": f"Bearer {token}"})
    started = time.perf_counter()
    size = lines = 0
    with urllib.request.urlopen(request, timeout=3600) as reply:
        while True:
            chunk = reply.read(1 << 20)
            if not chunk:
                break
            size += len(chunk)
            lines += chunk.count(b"\n")
    return time.perf_counter() - started, size, lines


seconds, size, _ = download(f"/reports/quarterly.xlsx?day={last_quarter['to']}&lang=ru")
rows.append(("quarterly XLSX", seconds * 1000, 5000.0))


def rss_kib():
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


# The CSV export of about a million appeals: the days back from today that hold them.
total = gql(DASHBOARD, {"p": year, "g": "QUARTER", "f": None})["dashboard"]["current"]["received"]
days = max(7, min(3650, int(365 * 1_000_000 / max(total, 1))))
export = {"from": str(today - timedelta(days=days - 1)), "to": str(today)}
peak = [rss_kib()]
before = peak[0]
stop = threading.Event()


def sample():
    while not stop.is_set():
        peak[0] = max(peak[0], rss_kib())
        time.sleep(0.1)


watcher = threading.Thread(target=sample)
watcher.start()
seconds, size, lines = download(f"/exports/appeals.csv?from={export['from']}&to={export['to']}")
stop.set()
watcher.join()
rate = (lines - 1) / seconds if seconds else 0

print()
print(f"{'measure':52} {'figure':>12}   target")
for label, ms, target in rows:
    verdict = "" if target is None else ("meets" if ms <= target else "MISSES")
    shown = "" if target is None else f"p95 < {target:.0f} ms: {verdict}"
    if label == "quarterly XLSX":
        shown = f"< {target:.0f} ms: {verdict}"
    print(f"{label:52} {ms:9.1f} ms   {shown}")
print(f"{'CSV export, rows (days back: ' + str(days) + ')':52} {lines - 1:12d}")
print(f"{'CSV export, rows a second':52} {rate:12.0f}   >= 50000: {'meets' if rate >= 50000 else 'MISSES'}")
print(f"{'CSV export, server memory before / peak (MiB)':52} {before / 1024:6.0f} / {peak[0] / 1024:4.0f}")
