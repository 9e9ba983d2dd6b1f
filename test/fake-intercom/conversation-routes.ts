/** GET /conversations (cursor) and GET /conversations/{id} (at most the 500 newest parts). */
import { buildConversation, buildPart, returnedParts } from './conversations';
import { ApiError, cursorPages, decodeCursor, encodeCursor, perPage, type Ctx, type Reply } from './http-types';
import { parseNumId } from './ids';

export function listConversations(ctx: Ctx): Reply {
  const w = ctx.w;
  const per = perPage(ctx.query.get('per_page'), 20);
  const total = w.tables.conversations.count;
  let from = 0;
  let page = 1;
  const after = ctx.query.get('starting_after');
  if (after) {
    const [p, idx] = decodeCursor(after);
    if (typeof p !== 'number' || typeof idx !== 'number') throw new ApiError(400, 'parameter_invalid', 'starting_after is invalid');
    page = p;
    from = idx + 1;
  }
  const to = Math.min(total, from + per);
  const conversations: Record<string, unknown>[] = [];
  for (let i = from; i < to; i++) conversations.push(buildConversation(w, i, ctx.version));
  const next = to < total ? encodeCursor([page + 1, to - 1]) : null;
  return { status: 200, json: { type: 'conversation.list', conversations, total_count: total, pages: cursorPages(page, per, total, next) } };
}

export function getConversation(ctx: Ctx): Reply {
  const w = ctx.w;
  const i = parseNumId('conversation', ctx.params['id'] ?? '');
  if (i < 0 || i >= w.tables.conversations.count) throw new ApiError(404, 'not_found', 'Resource Not Found');
  const conv = buildConversation(w, i, ctx.version);
  const { from, to, total } = returnedParts(w, i);
  const orig = w.convOrigUpdated(i);
  const parts: Record<string, unknown>[] = [];
  for (let p = from; p < to; p++) parts.push(buildPart(w, i, p, orig));
  conv['conversation_parts'] = { type: 'conversation_part.list', conversation_parts: parts, total_count: total };
  return { status: 200, json: conv };
}
