-- wrk script for benchmarks/http.py: POST /v2/bookings at the next free slot, then
-- POST /v2/bookings/{uid}/cancel for every booking it made.
--
-- wrk ... -s create_cancel.lua URL -- <slots file> <first slot> <api key> <event type id>
-- The slots file holds one ISO start per line: the event type's free slots, read from the
-- emulator before the run. Slots are taken in turn, so a slot comes round again only after a whole
-- cycle, long after the booking made there was cancelled. request() sends a cancel whenever a uid
-- is waiting, else a create; response() reads the uid out of a 201 and counts every answer.

local threads = {}

function setup(thread)
   table.insert(threads, thread)
end

function init(args)
   slots = {}
   for line in io.lines(args[1]) do
      if #line > 0 then table.insert(slots, line) end
   end
   assert(#slots > 0, "no slots in " .. args[1])
   next_slot = tonumber(args[2]) or 1
   local headers = {
      ["Authorization"] = "Bearer " .. args[3],
      ["cal-api-version"] = "2024-08-13",
      ["Content-Type"] = "application/json",
   }
   create_headers, cancel_headers = headers, headers
   event_type_id = args[4]
   queue, head, tail = {}, 1, 0
   creates, cancels, non2xx, unparsed, first_error = 0, 0, 0, 0, ""
end

function request()
   if head <= tail then
      local uid = queue[head]
      queue[head] = nil
      head = head + 1
      return wrk.format("POST", "/v2/bookings/" .. uid .. "/cancel", cancel_headers,
                        '{"cancellationReason":"bench"}')
   end
   local start = slots[(next_slot - 1) % #slots + 1]
   next_slot = next_slot + 1
   return wrk.format("POST", "/v2/bookings", create_headers,
      '{"start":"' .. start .. '","eventTypeId":' .. event_type_id ..
      ',"attendee":{"name":"Bench Booker","email":"booker@bench.example","timeZone":"Europe/London"}}')
end

function response(status, headers, body)
   if status == 201 then
      creates = creates + 1
      local uid = string.match(body, '"uid":"([^"]+)"')
      if uid then
         tail = tail + 1
         queue[tail] = uid
      else
         unparsed = unparsed + 1
      end
   elseif status == 200 then
      cancels = cancels + 1
   else
      non2xx = non2xx + 1
      if first_error == "" then first_error = status .. " " .. string.sub(body or "", 1, 300) end
   end
end

function done(summary, latency, requests)
   local c, k, n, u, left = 0, 0, 0, 0, 0
   local err = ""
   for _, thread in ipairs(threads) do
      c = c + thread:get("creates")
      k = k + thread:get("cancels")
      n = n + thread:get("non2xx")
      u = u + thread:get("unparsed")
      left = left + thread:get("tail") - thread:get("head") + 1
      local e = thread:get("first_error")
      if err == "" and e ~= "" then err = e end
   end
   io.write(string.format("BENCH creates=%d cancels=%d non2xx=%d unparsed=%d queued=%d\n", c, k, n, u, left))
   if err ~= "" then io.write("BENCH first_error=" .. string.gsub(err, "\n", " ") .. "\n") end
end
