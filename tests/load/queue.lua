-- wrk script: the operator's default queue (open appeals, soonest deadline first, 50 a page).
-- Environment: QALA_TOKEN.
local token = os.getenv("QALA_TOKEN")
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  failures = 0
end

local body = '{"query":"{ appeals(sort: DEADLINE, page: { first: 50 }) { nodes { id number status dueAt overdue organizationId } pageInfo { hasNextPage endCursor } } }"}'

function request()
  return wrk.format("POST", "/t/astana/graphql",
    { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token }, body)
end

function response(status, headers, body)
  if status ~= 200 or string.find(body, '"errors"', 1, true) then
    failures = failures + 1
  end
end

function done(summary, latency, requests)
  local failed = 0
  for _, thread in ipairs(threads) do
    failed = failed + thread:get("failures")
  end
  io.write(string.format("queue_failures %d\n", failed))
  io.write(string.format("queue_p50_ms %.2f\n", latency:percentile(50) / 1000))
  io.write(string.format("queue_p99_ms %.2f\n", latency:percentile(99) / 1000))
end
