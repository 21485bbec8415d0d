import type { MangoQuery, RxCollection, RxDocumentData } from 'rxdb';

/**
 * The stored documents a query matches, read from the collection's storage itself: no
 * RxDocument, no copy, no query cache. For hot read-only paths (the accrual engine reads up to
 * hundreds of thousands of videos per run). The rows are shared with the storage and must never
 * be mutated; they carry RxDB's meta fields (`_rev`, `_meta`, …) next to the document's own.
 */
export async function readRows<T>(collection: RxCollection<T>, query: MangoQuery<T>): Promise<readonly Readonly<RxDocumentData<T>>[]> {
  const prepared = collection.find(query).getPreparedQuery();
  const result = await collection.storageInstance.query(prepared);
  return result.documents;
}

/** The stored documents with these ids (missing ones are left out; deleted ones only if asked). */
export async function readRowsById<T>(collection: RxCollection<T>, ids: string[], withDeleted = false): Promise<readonly Readonly<RxDocumentData<T>>[]> {
  if (ids.length === 0) return [];
  return collection.storageInstance.findDocumentsById(ids, withDeleted);
}
