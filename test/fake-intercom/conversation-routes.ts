/** GET /conversations (cursor) and GET /conversations/{id} (at most the 500 newest parts). */
import { buildConversation, buildPart, returnedParts } from './conversations';
import { ApiError, cursorListPage, type Ctx, type Reply } from './http-types';
import { parseNumId } from './ids';

export function listConversations(ctx: Ctx): Reply {
  const total = ctx.w.tables.conversations.count;
  const { items, pages } = cursorListPage(ctx, 20, total, (i) => buildConversation(ctx.w, i, ctx.version));
  return { status: 200, json: { type: 'conversation.list', conversations: items, total_count: total, pages } };
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
