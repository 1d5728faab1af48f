-- wrk script: registers phone appeals through GraphQL, each with its own idempotency key and
-- caller. Environment: QALA_TOKEN (an operator's access token), QALA_SERVICE_TYPE, QALA_BUILDING.
local token = os.getenv("QALA_TOKEN")
local service_type = os.getenv("QALA_SERVICE_TYPE")
local building = os.getenv("QALA_BUILDING")
local threads = {}
local next_id = 0

function setup(thread)
  thread:set("tid", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

function init(args)
  counter = 0
  failures = 0
  run = tostring(os.time())
end

local query = "mutation($i: RegisterAppealInput!) { registerAppeal(input: $i) { appeal { number } } }"

function request()
  counter = counter + 1
  local key = string.format("bench-%s-%d-%d", run, tid, counter)
  local phone = string.format("+7707%07d", (tid * 3000000 + counter) % 10000000)
  local body = string.format(
    '{"query":"%s","variables":{"i":{"channel":"PHONE","serviceTypeId":"%s","description":"Нет холодной воды в квартире","buildingId":"%s","idempotencyKey":"%s","resident":{"phone":"%s"}}}}',
    query, service_type, building, key, phone)
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
  io.write(string.format("intake_failures %d\n", failed))
end
