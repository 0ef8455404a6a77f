-- tables-strings.lua: the lua workload's script, written for ngbench.
--
-- Usage: lua5.4 tables-strings.lua ROUNDS SEED
--
-- Each round builds a table of records with generated names, formats them
-- into lines, rewrites the text with gsub, counts words, groups records by
-- city, sorts them, serialises them to a string and parses the string
-- back. Almost every step makes short-lived tables and strings, so the
-- interpreter's allocator (malloc/realloc/free) is exercised hard.
--
-- Self-check: the parsed records must equal the originals and sorted
-- orders must hold; any failure raises an error (exit status 1). The
-- output (a digest of everything computed) depends only on ROUNDS and
-- SEED: nothing iterates over a hash table in its own order.

local rounds = math.tointeger(tonumber(arg[1] or "10"))
local seed = math.tointeger(tonumber(arg[2] or "42"))
if not rounds or rounds < 1 or not seed then
  io.stderr:write("usage: lua5.4 tables-strings.lua ROUNDS SEED\n")
  os.exit(2)
end

-- A 64-bit linear congruential generator (Lua integers wrap around).
local state = seed
local function rand(m)
  state = state * 6364136223846793005 + 1442695040888963407
  return ((state >> 33) % m) + 1
end

local syllables = { "ka", "ro", "mi", "tel", "vas", "on", "du", "re", "shi", "lo", "pra", "en",
                    "gu", "fi", "sto", "al", "ne", "bri", "ur", "cha" }

local function make_word()
  local parts = {}
  for i = 1, rand(3) do parts[i] = syllables[rand(#syllables)] end
  return table.concat(parts)
end

-- A running FNV-1a style digest over strings (wrapping integer arithmetic).
local digest = 0xcbf29ce484222325 -- hex literals wrap to a 64-bit integer
local function mix(s)
  for i = 1, #s do
    digest = (digest ~ s:byte(i)) * 1099511628211
  end
end

local function check(cond, what)
  if not cond then error("self-check failed: " .. what) end
end

local function make_records(n)
  local recs = {}
  for i = 1, n do
    recs[i] = {
      id = i,
      name = make_word() .. " " .. make_word(),
      city = "city" .. rand(40),
      age = 17 + rand(60),
      score = rand(100000) / 100,
      tags = { make_word(), make_word(), make_word() },
    }
  end
  return recs
end

local function format_lines(recs)
  local lines = {}
  for i, r in ipairs(recs) do
    lines[i] = string.format("%05d|%s|%s|%d|%.2f|%s", r.id, r.name, r.city, r.age, r.score,
                             table.concat(r.tags, ","))
  end
  return table.concat(lines, "\n")
end

local function parse_lines(text)
  local recs = {}
  for id, name, city, age, score, tags in text:gmatch("(%d+)|([^|]*)|([^|]*)|(%d+)|([%d.]+)|([^\n]*)") do
    local t = {}
    for tag in tags:gmatch("[^,]+") do t[#t + 1] = tag end
    recs[#recs + 1] = { id = tonumber(id), name = name, city = city, age = tonumber(age),
                        score = tonumber(score), tags = t }
  end
  return recs
end

local function same_records(a, b)
  if #a ~= #b then return false end
  for i = 1, #a do
    local x, y = a[i], b[i]
    if x.id ~= y.id or x.name ~= y.name or x.city ~= y.city or x.age ~= y.age
       or string.format("%.2f", x.score) ~= string.format("%.2f", y.score)
       or table.concat(x.tags, ",") ~= table.concat(y.tags, ",") then
      return false
    end
  end
  return true
end

local function word_counts(text)
  local counts, words = {}, {}
  for w in text:gmatch("%a+") do
    if not counts[w] then counts[w] = 0; words[#words + 1] = w end
    counts[w] = counts[w] + 1
  end
  table.sort(words, function(a, b)
    if counts[a] ~= counts[b] then return counts[a] > counts[b] end
    return a < b
  end)
  return counts, words
end

local function group_by_city(recs)
  local groups, cities = {}, {}
  for _, r in ipairs(recs) do
    local g = groups[r.city]
    if not g then g = { n = 0, age = 0, names = {} }; groups[r.city] = g; cities[#cities + 1] = r.city end
    g.n = g.n + 1
    g.age = g.age + r.age
    g.names[#g.names + 1] = r.name:upper()
  end
  table.sort(cities)
  local out = {}
  for i, c in ipairs(cities) do
    local g = groups[c]
    table.sort(g.names)
    out[i] = string.format("%s:%d:%.1f:%s", c, g.n, g.age / g.n, table.concat(g.names, "/", 1, math.min(3, #g.names)))
  end
  return table.concat(out, ";")
end

local records_per_round = 2000
local total_words = 0
for round = 1, rounds do
  local recs = make_records(records_per_round)
  local text = format_lines(recs)
  check(same_records(recs, parse_lines(text)), "records did not survive a round trip in round " .. round)

  local rewritten = text:gsub("(%a+)(%d*)", function(w, d) return w:reverse() .. d end)
  local counts, words = word_counts(rewritten)
  total_words = total_words + #words
  mix(words[1] .. "=" .. counts[words[1]])

  table.sort(recs, function(a, b)
    if a.age ~= b.age then return a.age < b.age end
    return a.id < b.id
  end)
  for i = 2, #recs do
    check(recs[i - 1].age <= recs[i].age, "sort order broken in round " .. round)
  end
  mix(group_by_city(recs))
  mix(string.rep(recs[1].name, 3, "-"))
end

print(string.format("rounds=%d records=%d distinct_words=%d", rounds, rounds * records_per_round, total_words))
print(string.format("digest=%016x", digest))
