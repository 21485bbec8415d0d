import type { MangoQuerySelector, RxCollection } from 'rxdb';
import type { ListMeta } from './envelope.ts';
import { decodeCursor, pageOf } from './pagination.ts';

/**
 * One page of a list ordered by (sortField, id): the cursor is the last row's key, so pages
 * never skip or repeat a row even while rows are added.
 */
export async function listPage<Doc extends { id: string }, Row>(
  collection: RxCollection<Doc>,
  selector: MangoQuerySelector<Doc>,
  query: { limit: number; cursor?: string | undefined },
  options: { sortField: keyof Doc & string; dir?: 'asc' | 'desc'; toRow(doc: Doc): Row },
): Promise<{ data: Row[]; meta: ListMeta }> {
  const dir = options.dir ?? 'asc';
  const field = options.sortField;
  const scoped: Record<string, unknown> = { ...selector };
  if (query.cursor) {
    const [value, id] = decodeCursor(query.cursor, 2);
    const beyond = dir === 'asc' ? '$gt' : '$lt';
    const after = { $or: [{ [field]: { [beyond]: value } }, { [field]: value, id: { [beyond]: id } }] };
    scoped.$and = [...((scoped.$and as unknown[]) ?? []), after];
  }
  const docs = await collection
    .find({ selector: scoped as MangoQuerySelector<Doc>, sort: [{ [field]: dir }, { id: dir }] as never, limit: query.limit + 1 })
    .exec();
  const plain = docs.map((doc) => doc.toMutableJSON() as Doc);
  const page = pageOf(plain, query.limit, (doc) => [doc[field] as string | number, doc.id]);
  return { data: page.rows.map(options.toRow), meta: page.meta };
}
