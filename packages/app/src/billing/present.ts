import { publicPayment, publicProfile, type BillingProfile, type Payment, type Receipt } from '@lieu/core';

/** The printable page of a receipt or credit note, on the space's own host. */
export const receiptPath = (number: string) => `/api/v1/billing/receipts/${number}`;

/** A payment as the API answers it: declared fields only, with its receipt and credit-note links. */
export const presentPayment = (p: Payment) => publicPayment(p, receiptPath);

export const presentProfile = (p: BillingProfile) => publicProfile(p);

/** What recording (or refunding) a payment answers. */
export const presentSettled = (r: { payment: Payment; receipt: Receipt }) => ({ payment: presentPayment(r.payment), receipt: r.receipt });
