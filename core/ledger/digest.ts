import { canonicalJson, sha256Hex } from '../domain/bytes.ts';

/** What of an accrual the ledger digest covers. */
export type DigestAccrual = { id: string; status: string; amount_cents: number; payment_id: string | null };
/** What of a payment the ledger digest covers: its lines by accrual and its adjustments by amount and reason. */
export type DigestPayment = {
  id: string;
  status: string;
  total_amount_cents: number;
  payout_payment_lines: readonly { accrual_id: string; amount_cents: number }[];
  payout_adjustments: readonly { amount_cents: number; reason: string }[];
};

const byText = <T,>(key: (item: T) => string) => (a: T, b: T) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);

/**
 * SPEC §8's ledger digest of one project: SHA-256 (hex) of the canonical JSON of
 * `{ accruals: [[id, status, amount_cents, payment_id|null]…], payments: [[id, status, total,
 * [[accrual_id, amount]…], [[amount, reason]…]]…] }`, accruals and payments sorted by id, lines by
 * accrual id, adjustments by amount then reason. Ids of lines and adjustments are left out (each
 * side makes its own), so two stores with the same ledger have the same digest whatever the order
 * in which they read it.
 */
export async function ledgerDigest(accruals: readonly DigestAccrual[], payments: readonly DigestPayment[]): Promise<string> {
  const accrualRows = [...accruals].sort(byText((a) => a.id)).map((a) => [a.id, a.status, a.amount_cents, a.payment_id ?? null]);
  const paymentRows = [...payments].sort(byText((p) => p.id)).map((p) => [
    p.id,
    p.status,
    p.total_amount_cents,
    [...p.payout_payment_lines].sort(byText((line) => line.accrual_id)).map((line) => [line.accrual_id, line.amount_cents]),
    [...p.payout_adjustments].sort((a, b) => a.amount_cents - b.amount_cents || (a.reason < b.reason ? -1 : a.reason > b.reason ? 1 : 0)).map((item) => [item.amount_cents, item.reason]),
  ]);
  return sha256Hex(canonicalJson({ accruals: accrualRows, payments: paymentRows }));
}
