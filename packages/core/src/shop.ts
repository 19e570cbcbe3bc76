import * as z from 'zod/mini';
import { percentOf, splitGross } from './money';
import { csvWriter, type CsvFormat } from './csv';
import { AppError, notFound, ruleViolation } from './errors';

/**
 * The CoBoutique: members put their products on sale in the space; the space keeps a
 * commission and pays the makers. Pure: schemas, the commission maths, statements and the maker's
 * figures, the order's state transitions and refunds. Storage is in @lieu/db (shop.ts), use-cases in
 * @lieu/app (shop/), routes in functions/shop.
 *
 * ## Money and rounding (the rules statements follow, tested to the cent)
 * - Prices are VAT included (TTC), integer cents. A line's amount = unit price × quantity.
 * - The commission is taken on each line's amount: `percentOf(amount, commissionBp)`, rounded half
 *   away from zero to the cent, per line (not per statement), so a line's split never changes when
 *   other lines are added, and a statement is exactly the sum of its lines.
 * - The commission is the space's service to the maker, VAT included at the space's VAT rate: its VAT
 *   is `splitGross(commission, spaceVatBp).vatCents` (0 for a space exempt under art. 293 B).
 * - The maker's net due on a line = amount − commission (so net + commission = amount, always).
 * - A refunded line is the same computation on the refunded quantity, with the commission rate of
 *   the original sale, counted negative in the month of the refund (a refund after a statement shows
 *   on the next one; a closed statement never changes).
 */

export const shopCategorySchema = z.string().check(z.trim(), z.minLength(1), z.maxLength(40));
/** Commission in basis points: 3000 = 30 %. */
export const commissionBpSchema = z.int().check(z.minimum(0), z.maximum(10000));

export const payoutDetailsSchema = z.object({
  method: z.enum(['transfer', 'cheque', 'cash']),
  /** Bank account for transfers (kept as given; shown to staff only). */
  iban: z.optional(z.string().check(z.trim(), z.regex(/^[A-Z]{2}\d{2}[A-Z0-9 ]{10,40}$/, 'An IBAN such as FR76 3000 …'))),
  accountName: z.optional(z.string().check(z.trim(), z.maxLength(120))),
});
export type PayoutDetails = z.infer<typeof payoutDetailsSchema>;

export interface Consignor {
  memberId: string;
  name: string;
  /** The agreement's own rate; absent = the shop's default rate. */
  commissionBp?: number | undefined;
  startDate: string;
  endDate?: string | undefined;
  payout: PayoutDetails;
  createdAt: string;
  version: number;
}

/**
 * Product photos: the browser uploads the file straight to storage (S3 in AWS, the local server's
 * data folder locally) through a short-lived signed URL that only accepts the declared type and size;
 * the product then keeps an ordered list of at most PHOTOS_PER_PRODUCT photos. A photo's `url` is a
 * path on the tenant's own host (`/media/<key>`: CloudFront's media behaviour in AWS, the local server
 * locally), so the catalogue needs no signing.
 */
export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export type PhotoType = (typeof PHOTO_TYPES)[number];
export const PHOTO_MAX_BYTES = 5 * 1024 * 1024;
export const PHOTOS_PER_PRODUCT = 6;
/** How many leading bytes `sniffPhotoType` needs. */
export const PHOTO_SNIFF_BYTES = 12;
/**
 * The image type a file's first bytes say it is (PNG, JPEG or WebP signatures), else null: the
 * declared Content-Type is the uploader's word, the bytes are what a browser will actually decode.
 */
export function sniffPhotoType(b: Uint8Array): PhotoType | null {
  const at = (i: number, ...xs: number[]) => xs.every((x, k) => b[i + k] === x);
  if (at(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (at(0, 0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (at(0, 0x52, 0x49, 0x46, 0x46) && at(8, 0x57, 0x45, 0x42, 0x50)) return 'image/webp'; // RIFF….WEBP
  return null;
}
/** Where a product's photo lives in storage: always under its tenant's prefix. */
export const photoKey = (tenantId: string, productId: string, photoId: string) => `tenants/${tenantId}/products/${productId}/${photoId}`;
export const photoUrl = (key: string) => `/media/${key}`;
/** A space's uploaded logo: smaller than a product photo (it is on every page), same image types. */
export const LOGO_MAX_BYTES = 1024 * 1024;
/** Where a space's uploaded logo lives in storage, under its tenant's prefix like the photos. */
export const logoKey = (tenantId: string, logoId: string) => `tenants/${tenantId}/brand/${logoId}`;
export const productPhotoSchema = z.object({ id: z.string(), key: z.string(), url: z.string(), contentType: z.string(), bytes: z.int() });
export type ProductPhoto = z.infer<typeof productPhotoSchema>;

export interface Product {
  id: string;
  title: string;
  description: string;
  /** Unit price VAT included, in cents. */
  priceCents: number;
  vatRateBp: number;
  category: string;
  /** Units on the shelf and not held by an order. */
  stock: number;
  consignorId: string;
  published: boolean;
  photos: ProductPhoto[];
  createdAt: string;
  version: number;
}

export const ORDER_STATUSES = ['held', 'paid', 'ready', 'collected', 'cancelled', 'expired', 'refunded'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export interface OrderLine {
  productId: string;
  title: string;
  consignorId: string;
  quantity: number;
  unitCents: number;
  amountCents: number;
  vatRateBp: number;
  netCents: number;
  vatCents: number;
  /** The consignor's commission rate when the order was placed (a later agreement change does not alter it). */
  commissionBp: number;
  /** Units refunded so far. */
  refunded: number;
}

export interface OrderRefund { at: string; lines: { productId: string; quantity: number; amountCents: number }[]; amountCents: number; restocked: boolean; by: string; reason?: string | undefined }

export interface Order {
  id: string;
  buyerId: string;
  buyerName: string;
  /** `online` = placed by a member (paid online or at the desk); `till` = an operator's in-store sale. */
  source: 'online' | 'till';
  status: OrderStatus;
  lines: OrderLine[];
  currency: string;
  totalCents: number;
  paymentId: string;
  channel: 'desk' | 'stripe';
  /** While `held`: when the stock goes back to the shelf if the order is not paid. */
  holdUntil?: string | undefined;
  createdAt: string;
  paidAt?: string | undefined;
  readyAt?: string | undefined;
  collectedAt?: string | undefined;
  cancelledAt?: string | undefined;
  refunds: OrderRefund[];
  refundedCents: number;
  version: number;
}

/** An order as read: a hold past its time is `expired` even before a sweep gives its stock back. */
export function effectiveOrder(o: Order, now: Date): Order {
  if (o.status === 'held' && o.holdUntil && o.holdUntil < now.toISOString()) return { ...o, status: 'expired' };
  return o;
}

/** Which status may follow which (operators move orders forward; refunds and cancels have their own rules). */
export const NEXT_STATUS: Partial<Record<OrderStatus, OrderStatus[]>> = {
  held: ['paid', 'cancelled', 'expired'],
  paid: ['ready', 'collected', 'refunded'],
  ready: ['collected', 'refunded'],
  collected: ['refunded'],
};
export const canMoveOrder = (from: OrderStatus, to: OrderStatus): boolean => NEXT_STATUS[from]?.includes(to) ?? false;
/** Statuses whose sale can (still) be refunded: those that may become `refunded`. */
export const isRefundable = (s: OrderStatus): boolean => canMoveOrder(s, 'refunded');

// ---- consignment agreements ---------------------------------------------------------------------------
/** The agreement covers `day` (the online shop sells only then; the till may still sell what is on the shelf). */
export const agreementActive = (c: Consignor, day: string): boolean => c.startDate <= day && (!c.endDate || day <= c.endDate);
/** The agreement's own commission rate, else the shop's default. */
export const commissionOf = (defaultCommissionBp: number, c: Consignor): number => c.commissionBp ?? defaultCommissionBp;

// ---- carts and refunds --------------------------------------------------------------------------------
export type Cart = readonly { productId: string; quantity: number }[];
export const MAX_UNITS_PER_LINE = 1000;

/** Same product twice in a cart = one line (one transaction cannot touch an item twice). */
export function mergeCart(cart: Cart): { productId: string; quantity: number }[] {
  const m = new Map<string, number>();
  for (const l of cart) m.set(l.productId, (m.get(l.productId) ?? 0) + l.quantity);
  if ([...m.values()].some((q) => q > MAX_UNITS_PER_LINE)) {
    throw new AppError('invalid_input', `At most ${MAX_UNITS_PER_LINE} units of a product per order`, { fields: [{ path: 'lines', message: 'Too many units' }] }, { params: { max: MAX_UNITS_PER_LINE } });
  }
  return [...m].map(([productId, quantity]) => ({ productId, quantity }));
}

export interface RefundLine { line: OrderLine; quantity: number; amountCents: number }

/**
 * What a refund gives back, line by line (`asked` absent: everything not yet refunded). A partial
 * refund is priced at the line's unit amount; the last unit takes what rounding left, so a fully
 * refunded line gives back exactly what was paid.
 */
export function refundLinesOf(order: Order, asked: Cart | undefined): RefundLine[] {
  const wanted = asked ? mergeCart(asked) : order.lines.map((l) => ({ productId: l.productId, quantity: l.quantity - l.refunded }));
  return wanted.filter((w) => w.quantity > 0).map((w) => {
    const line = order.lines.find((l) => l.productId === w.productId);
    if (!line) throw notFound('Order line');
    const refundable = line.quantity - line.refunded;
    if (w.quantity > refundable) throw ruleViolation('refund_exceeds_sale', `Only ${refundable} of ${line.title} can still be refunded`, { left: refundable, title: line.title });
    const left = refundable - w.quantity;
    const alreadyRefunded = order.refunds.flatMap((r) => r.lines).filter((x) => x.productId === line.productId).reduce((s, x) => s + x.amountCents, 0);
    const amountCents = left === 0 ? line.amountCents - alreadyRefunded : Math.round((line.amountCents * w.quantity) / line.quantity);
    return { line, quantity: w.quantity, amountCents };
  });
}

/** The order after a refund of `lines`: refunded counts, the refund entry, `refunded` once every unit is back. */
export function refundedOrder(order: Order, lines: readonly RefundLine[], refund: { at: string; by: string; restocked: boolean; reason?: string | undefined }): Order {
  const amountCents = lines.reduce((s, l) => s + l.amountCents, 0);
  const refundedLines = order.lines.map((l) => ({ ...l, refunded: l.refunded + (lines.find((x) => x.line.productId === l.productId)?.quantity ?? 0) }));
  const all = refundedLines.every((l) => l.refunded === l.quantity);
  return {
    ...order, lines: refundedLines, status: all ? 'refunded' : order.status, refundedCents: order.refundedCents + amountCents, version: order.version + 1,
    refunds: [...order.refunds, { at: refund.at, lines: lines.map((l) => ({ productId: l.line.productId, quantity: l.quantity, amountCents: l.amountCents })), amountCents, restocked: refund.restocked, by: refund.by, reason: refund.reason }],
  };
}

/** One sale (or refund) move per consignor of the order, for the statements. */
export function movesOf(order: Order, kind: 'sale' | 'refund', at: Date, day: string, lines: readonly RefundLine[]): ShopMove[] {
  const byConsignor = new Map<string, ShopMove>();
  for (const { line, quantity, amountCents } of lines) {
    if (quantity <= 0) continue;
    const m = byConsignor.get(line.consignorId)
      ?? { kind, orderId: order.id, ...(kind === 'refund' ? { refundNo: order.refunds.length + 1 } : {}), consignorId: line.consignorId, at: at.toISOString(), day, lines: [] };
    m.lines.push({ productId: line.productId, title: line.title, quantity, amountCents, commissionBp: line.commissionBp });
    byConsignor.set(line.consignorId, m);
  }
  return [...byConsignor.values()];
}
/** The sale moves of a whole order, when it is paid. */
export const saleMoves = (order: Order, at: Date, day: string): ShopMove[] =>
  movesOf(order, 'sale', at, day, order.lines.map((line) => ({ line, quantity: line.quantity, amountCents: line.amountCents })));

// ---- commission maths -----------------------------------------------------------------------------
export interface LineSplit { amountCents: number; commissionCents: number; commissionVatCents: number; netDueCents: number }

/** Splits a line's amount (VAT included) between the space (commission) and the maker (net due). */
export function splitLine(amountCents: number, commissionBp: number, spaceVatBp: number): LineSplit {
  const commissionCents = percentOf(amountCents, commissionBp);
  return { amountCents, commissionCents, commissionVatCents: splitGross(commissionCents, spaceVatBp).vatCents, netDueCents: amountCents - commissionCents };
}

/** A sale or a refund of one consignor's products, as the statements read it. */
export interface ShopMove {
  kind: 'sale' | 'refund';
  orderId: string;
  /** Which refund of the order this is (1, 2…); a sale has none. */
  refundNo?: number | undefined;
  consignorId: string;
  at: string;
  /** Local date (YYYY-MM-DD) the move counts on. */
  day: string;
  lines: { productId: string; title: string; quantity: number; amountCents: number; commissionBp: number }[];
}

export interface StatementTotals { units: number; salesCents: number; commissionCents: number; commissionVatCents: number; netDueCents: number }

export interface StatementLine extends StatementTotals { day: string; kind: 'sale' | 'refund'; orderId: string; productId: string; title: string }

/** A consignor's statement for a month, from that month's moves: refunds count negative. */
export function buildStatement(moves: readonly ShopMove[], spaceVatBp: number): { lines: StatementLine[]; totals: StatementTotals } {
  const lines: StatementLine[] = [];
  const totals: StatementTotals = { units: 0, salesCents: 0, commissionCents: 0, commissionVatCents: 0, netDueCents: 0 };
  for (const m of moves) {
    const sign = m.kind === 'refund' ? -1 : 1;
    for (const l of m.lines) {
      const s = splitLine(l.amountCents, l.commissionBp, spaceVatBp);
      const line: StatementLine = {
        day: m.day, kind: m.kind, orderId: m.orderId, productId: l.productId, title: l.title,
        units: sign * l.quantity, salesCents: sign * s.amountCents, commissionCents: sign * s.commissionCents,
        commissionVatCents: sign * s.commissionVatCents, netDueCents: sign * s.netDueCents,
      };
      lines.push(line);
      totals.units += line.units; totals.salesCents += line.salesCents; totals.commissionCents += line.commissionCents;
      totals.commissionVatCents += line.commissionVatCents; totals.netDueCents += line.netDueCents;
    }
  }
  return { lines, totals };
}

/** A statement as CSV (one row per line, then the totals), through the one CSV writer (./csv.ts): `fr` uses ";", decimal commas, dd/mm/yyyy and a BOM. */
export function statementCsv(consignorName: string, month: string, s: ReturnType<typeof buildStatement>, format: CsvFormat): string {
  const csv = csvWriter(format);
  const eur = csv.money;
  const rows: string[][] = [['consignor', 'month', 'day', 'kind', 'order', 'product', 'units', 'sales', 'commission', 'commission_vat', 'net_due']];
  for (const l of s.lines) rows.push([consignorName, month, csv.date(l.day), l.kind, l.orderId, l.title, String(l.units), eur(l.salesCents), eur(l.commissionCents), eur(l.commissionVatCents), eur(l.netDueCents)]);
  const t = s.totals;
  rows.push([consignorName, month, '', 'total', '', '', String(t.units), eur(t.salesCents), eur(t.commissionCents), eur(t.commissionVatCents), eur(t.netDueCents)]);
  return csv.write(rows);
}

// ---- the maker's figures --------------------------------------------------------------------------
/** Monday of a date's week (YYYY-MM-DD, ISO weeks). */
export function weekOf(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  const back = (d.getUTCDay() + 6) % 7;
  return new Date(d.getTime() - back * 86400000).toISOString().slice(0, 10);
}

export interface ProductSales { productId: string; sold: number; byWeek: Record<string, number> }

/** Units sold per product and week (refunds taken back in the week of the refund). */
export function salesByProduct(moves: readonly ShopMove[]): Map<string, ProductSales> {
  const out = new Map<string, ProductSales>();
  for (const m of moves) {
    const sign = m.kind === 'refund' ? -1 : 1;
    const week = weekOf(m.day);
    for (const l of m.lines) {
      const p = out.get(l.productId) ?? { productId: l.productId, sold: 0, byWeek: {} };
      p.sold += sign * l.quantity;
      p.byWeek[week] = (p.byWeek[week] ?? 0) + sign * l.quantity;
      out.set(l.productId, p);
    }
  }
  return out;
}

/** Sell-through in basis points: sold ÷ (sold + left on the shelf); 0 when nothing was ever stocked. */
export function sellThroughBp(sold: number, stockLeft: number): number {
  const supplied = sold + stockLeft;
  return supplied <= 0 ? 0 : Math.round((Math.max(0, sold) * 10000) / supplied);
}
