import { IMPORT_STATUSES, providerRank, type ImportProvider } from '../imports/model.ts';
import type { ImportConditions, ListRequest } from '../imports/import-source.ts';
import { resourceTypeNeedle } from './resource-types.ts';

/**
 * A registry index member: the id's length (6 digits) then the id. Members of one score sort
 * byte by byte, so this orders imports of one instant shorter id first, then character by
 * character, as the README's total order does.
 */
export function orderMember(providerId: string): string {
  return `${String(providerId.length).padStart(6, '0')}:${providerId}`;
}

/**
 * Walks registry indexes (sorted sets by the order field's milliseconds) in a direction, from a
 * cursor, and keeps the imports whose hash matches the conditions: the page (ARGV[8] > 0: its
 * `d`, `r` pairs, read only for the imports kept) or the count (0). With a status condition the
 * indexes are those of the statuses asked for (an import is in its status's index only), merged
 * in order, so a page of running jobs does not read every finished one. One script, so a page is
 * one consistent snapshot of the registry however many instances write to it. Indexes are read
 * in batches of 200; ids compare byte by byte (Lua's `<` follows the server's locale).
 *
 * KEYS: the indexes. ARGV: 1 item key prefix, 2 ASC|DESC, 3 low and 4 high score bound
 * (ZRANGEBYSCORE syntax), 5 cursor score or '', 6 what follows the cursor at its score (member |
 * all | none), 7 cursor member, 8 limit, 9–12 createdAfter, createdBefore, updatedAfter,
 * updatedBefore ('' for none), 13 statuses as `,A,B,` ('' for any), 14… resource type needles
 * (none for any). Item hashes are read by name, so this needs one Redis server, not a cluster.
 */
export const QUERY_SCRIPT = `
local prefix, asc = ARGV[1], ARGV[2] == 'ASC'
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

local batchSize = 200
local sources = {}
for i, key in ipairs(KEYS) do sources[i] = { key = key, offset = 0, buffer = {}, at = 1, exhausted = false } end

-- The next member of a source as (member, score), reading its next batch when need be.
local function head(source)
  if source.at > #source.buffer then
    if source.exhausted then return nil end
    if asc then
      source.buffer = redis.call('ZRANGEBYSCORE', source.key, ARGV[3], ARGV[4], 'WITHSCORES', 'LIMIT', source.offset, batchSize)
    else
      source.buffer = redis.call('ZREVRANGEBYSCORE', source.key, ARGV[4], ARGV[3], 'WITHSCORES', 'LIMIT', source.offset, batchSize)
    end
    source.offset = source.offset + batchSize
    source.at = 1
    if #source.buffer < 2 * batchSize then source.exhausted = true end
    if #source.buffer == 0 then return nil end
  end
  return source.buffer[source.at], tonumber(source.buffer[source.at + 1])
end

local function earlier(member, score, otherMember, otherScore)
  if score ~= otherScore then
    if asc then return score < otherScore end
    return score > otherScore
  end
  if asc then return bytesBefore(member, otherMember) end
  return bytesBefore(otherMember, member)
end

local found, n = {}, 0
while true do
  local next, member, score
  for _, source in ipairs(sources) do
    local m, s = head(source)
    if m and (not next or earlier(m, s, member, score)) then next, member, score = source, m, s end
  end
  if not next then break end
  next.at = next.at + 2
  if follows(member, score) then
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

/**
 * A walk of QUERY_SCRIPT for a list (limit > 0) or a count (limit 0) of one provider: its
 * arguments, and the statuses whose indexes it walks (undefined: the index of every import).
 * Undefined when nothing can match.
 */
export interface RegistryWalk {
  args: string[];
  statuses?: string[];
}

export function queryArguments(
  provider: ImportProvider,
  itemPrefix: string,
  request: ListRequest,
): RegistryWalk | undefined {
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
  const statuses = validStatuses(conditions.statuses);
  if (statuses?.length === 0) return undefined;
  const args = [
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
  return { args, statuses };
}

/** Each status once, and only the gateway's (a status the schema would refuse matches nothing). */
function validStatuses(statuses: readonly string[] | undefined): string[] | undefined {
  return (
    statuses && [
      ...new Set(statuses.filter((status) => (IMPORT_STATUSES as readonly string[]).includes(status))),
    ]
  );
}

/** A count walks the creation index, which every condition can be checked against. */
export function countArguments(
  provider: ImportProvider,
  itemPrefix: string,
  conditions: ImportConditions,
): RegistryWalk | undefined {
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
    statuses: validStatuses(statuses),
  };
}
