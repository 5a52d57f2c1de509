-- dropuser: the confirmation's news for an idempotent request's stored answer: the items at the given places are
-- now "dropped". lib.lua first; the answer's shape is lib.lua's encode_answer. Nothing happens if the record is
-- gone or belongs to another request (another fingerprint).
-- KEYS[1] idempotency record. ARGV[1] fingerprint, ARGV[2] ms the record lives on, ARGV[3 ..] 1-based item places.
local seen = redis.call('GET', KEYS[1])
if not seen then return 0 end
local cut = string.find(seen, '\n', 1, true)
if string.sub(seen, 1, cut - 1) ~= ARGV[1] then return 0 end
local answer = cjson.decode(string.sub(seen, cut + 1))
for i = 3, #ARGV do
  local place = tonumber(ARGV[i])
  local item = answer.items[place]
  if type(item) == 'table' then item.status = 'dropped' elseif item then answer.items[place] = 'dropped' end
end
redis.call('SET', KEYS[1], ARGV[1] .. '\n' .. cjson.encode(answer), 'PX', ARGV[2])
return 1
