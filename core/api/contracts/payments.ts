import type { z } from 'zod';
import type { CreatePaymentInput, Payment, listPaymentsQuerySchema, patchPaymentSchema, receiptUploadSchema } from '../../domain/payment.ts';

export { paymentSchema, createPaymentSchema, patchPaymentSchema, listPaymentsQuerySchema, receiptUploadSchema, MAX_RECEIPT_BYTES } from '../../domain/payment.ts';
export type { Payment, CreatePaymentInput, Receipt, ReceiptUpload } from '../../domain/payment.ts';

export type PaymentRoutes = {
  'GET /payout-payments': { query: z.input<typeof listPaymentsQuerySchema>; body: undefined; data: Payment[] };
  'POST /payout-payments': { query: undefined; body: CreatePaymentInput; data: Payment };
  'GET /payout-payments/:id': { query: undefined; body: undefined; data: Payment };
  'PATCH /payout-payments/:id': { query: undefined; body: z.input<typeof patchPaymentSchema>; data: Payment };
  'POST /payout-payments/:id/receipts': { query: undefined; body: z.input<typeof receiptUploadSchema>; data: Payment };
  'GET /payout-payments/:id/receipts/:receipt_id': { query: undefined; body: undefined; data: Uint8Array };
};
