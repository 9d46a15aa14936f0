import { IMPORT_STATUSES, providerRank, type ImportProvider } from '../imports/model.ts';
import type { ImportConditions, ListRequest } from '../providers/import-source.ts';
import { resourceTypeNeedle } from './resource-types.ts';

/**
 * A registry index member: the id's length (6 digits) then the id. Members of one score sort
 * byte by byte, so this orders imports of one instant shorter id first, then character by
 * character, as CONTRACT.md's total order does.
 */
export function orderMember(providerId: string): string {
  return `${String(providerId.length).padStart(6, '0')}:${providerId}`;
}

/**
 * Walks one registry index (a sorted set by the order field's milliseconds) in a direction, from
 * a cursor, and keeps the imports whose hash matches the conditions: the page (ARGV[8] > 0: its
 * `d`, `r` pairs, read only for the imports kept) or the count (0). One script, so a page is one consistent snapshot of the
 * registry however many instances write to it. Index members are read in batches of 500; ids
 * compare byte by byte (Lua's `<` follows the server's locale).
 *
 * KEYS[1] the index. ARGV: 1 item key prefix, 2 ASC|DESC, 3 low and 4 high score bound (ZRANGEBYSCORE
 * syntax), 5 cursor score or '', 6 what follows the cursor at its score (member | all | none),
 * 7 cursor member, 8 limit, 9–12 createdAfter, createdBefore, updatedAfter, updatedBefore ('' for
 * none), 13 statuses as `,A,B,` ('' for any), 14… resource type needles (none for any).
 * Item hashes are read by name, so this needs one Redis server, not a cluster.
 */
export const QUERY_SCRIPT = `
local index, prefix, asc = KEYS[1], ARGV[1], ARGV[2] == 'ASC'
local cursorAt = tonumber(ARGV[5])
local tie, cursorMember = ARGV[6], ARGV[7]
local limit = tonumber(ARGV[8])
local bounds = { tonumber(ARGV[9]), tonumber(ARGV[10]), tonumber(ARGV[11]), tonumber(ARGV[12]) }
local statuses = ARGV[13]
local types = {}
for i = 14, #ARGV do types[#types + 1] = ARGV[i] end

local function bytesBefore(a, b)
  for i = 1, math.min(#a, #b) do
    local x, y = string.byte(a, i), string.byte(b, i)
    if x ~= y then return x < y end
  end
  return #a < #b
end

local function follows(member, score)
  if cursorAt == nil or score ~= cursorAt then return true end
  if tie == 'member' then
    if asc then return bytesBefore(cursorMember, member) end
    return bytesBefore(member, cursorMember)
  end
  return tie == 'all'
end

local function matches(f)
  if statuses ~= '' and not string.find(statuses, ',' .. f[1] .. ',', 1, true) then return false end
  if #types > 0 then
    local any = false
    for _, needle in ipairs(types) do
      if string.find(f[2], needle, 1, true) then any = true break end
    end
    if not any then return false end
  end
  local c, u = tonumber(f[3]), tonumber(f[4])
  if bounds[1] and c <= bounds[1] then return false end
  if bounds[2] and c >= bounds[2] then return false end
  if bounds[3] and u <= bounds[3] then return false end
  if bounds[4] and u >= bounds[4] then return false end
  return true
end

local found, n, offset, batchSize = {}, 0, 0, 500
while true do
  local batch
  if asc then
    batch = redis.call('ZRANGEBYSCORE', index, ARGV[3], ARGV[4], 'WITHSCORES', 'LIMIT', offset, batchSize)
  else
    batch = redis.call('ZREVRANGEBYSCORE', index, ARGV[4], ARGV[3], 'WITHSCORES', 'LIMIT', offset, batchSize)
  end
  for i = 1, #batch, 2 do
    local member = batch[i]
    if follows(member, tonumber(batch[i + 1])) then
      local id = string.sub(member, string.find(member, ':', 1, true) + 1)
      local f = redis.call('HMGET', prefix .. id, 's', 't', 'c', 'u')
      if f[1] and matches(f) then
        n = n + 1
        if limit > 0 then
          local page = redis.call('HMGET', prefix .. id, 'd', 'r')
          found[#found + 1] = page[1]
          found[#found + 1] = page[2]
          if n >= limit then return found end
        end
      end
    end
  end
  if #batch < 2 * batchSize then break end
  offset = offset + batchSize
end
if limit > 0 then return found end
return n
`;

interface Bound {
  at: number;
  exclusive: boolean;
}

/** The tighter of two bounds on one side (`low`: the larger one). */
function tighter(a: Bound | undefined, b: Bound | undefined, low: boolean): Bound | undefined {
  if (!a || !b) return a ?? b;
  if (a.at !== b.at) return a.at > b.at === low ? a : b;
  return a.exclusive ? a : b;
}

const scoreBound = (bound: Bound | undefined, infinite: string) =>
  bound ? `${bound.exclusive ? '(' : ''}${bound.at}` : infinite;

const optional = (value: number | undefined) => (value === undefined ? '' : String(value));

/** The arguments of QUERY_SCRIPT for a list (limit > 0) or a count (limit 0) of one provider's index. */
export function queryArguments(
  provider: ImportProvider,
  itemPrefix: string,
  request: ListRequest,
): string[] | undefined {
  const { conditions, order, after } = request;
  if (conditions.statuses?.length === 0 || conditions.resourceTypes?.length === 0) return undefined;
  const byCreated = order.field === 'CREATED_AT';
  const ascending = order.direction === 'ASC';
  const afterBound = byCreated ? conditions.createdAfter : conditions.updatedAfter;
  const beforeBound = byCreated ? conditions.createdBefore : conditions.updatedBefore;
  let low: Bound | undefined = afterBound === undefined ? undefined : { at: afterBound, exclusive: true };
  let high: Bound | undefined = beforeBound === undefined ? undefined : { at: beforeBound, exclusive: true };
  let tie = 'none';
  if (after) {
    const cursor = { at: after.at, exclusive: false };
    if (ascending) low = tighter(low, cursor, true);
    else high = tighter(high, cursor, false);
    // At the cursor's instant, a provider ranked after the cursor's follows it whole (ASC).
    const rankDelta = providerRank(provider) - providerRank(after.provider);
    tie = rankDelta === 0 ? 'member' : ascending === rankDelta > 0 ? 'all' : 'none';
  }
  const statuses = conditions.statuses?.filter((status) => IMPORT_STATUSES.includes(status));
  if (statuses?.length === 0) return undefined;
  return [
    itemPrefix,
    order.direction,
    scoreBound(low, '-inf'),
    scoreBound(high, '+inf'),
    after ? String(after.at) : '',
    tie,
    after ? orderMember(after.providerId) : '',
    String(request.limit),
    optional(conditions.createdAfter),
    optional(conditions.createdBefore),
    optional(conditions.updatedAfter),
    optional(conditions.updatedBefore),
    statuses ? `,${statuses.join(',')},` : '',
    ...(conditions.resourceTypes ?? []).map(resourceTypeNeedle),
  ];
}

/** A count walks the creation index, which every condition can be checked against. */
export function countArguments(
  provider: ImportProvider,
  itemPrefix: string,
  conditions: ImportConditions,
): string[] | undefined {
  return queryArguments(provider, itemPrefix, {
    conditions,
    order: { field: 'CREATED_AT', direction: 'ASC' },
    limit: 0,
  });
}

/**
 * A count the indexes answer alone: no condition but statuses and creation bounds. The score
 * range of the creation indexes, and the statuses to sum (undefined: every import).
 */
export function indexedCount(
  conditions: ImportConditions,
): { min: string; max: string; statuses?: string[] } | undefined {
  const { statuses, resourceTypes, updatedAfter, updatedBefore, createdAfter, createdBefore } = conditions;
  if (resourceTypes !== undefined || updatedAfter !== undefined || updatedBefore !== undefined)
    return undefined;
  return {
    min: createdAfter === undefined ? '-inf' : `(${createdAfter}`,
    max: createdBefore === undefined ? '+inf' : `(${createdBefore}`,
    statuses: statuses && [...new Set(statuses.filter((status) => IMPORT_STATUSES.includes(status)))],
  };
}
