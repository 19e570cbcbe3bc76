import { newId, type Product } from '@lieu/core';
import { shopRepo, tenantRealm, tenantsRepo, transact, usersRepo, type Db } from '@lieu/db';

/**
 * La Machinerie's CoBoutique: two demo members consign their work — Léa (jewellery and
 * notebooks, her own 25 % rate) and Sophie (soaps, tote bags and a zine at 5.5 % VAT, the shop's
 * default 30 %) — with stock deposited. Idempotent: does nothing once the shop has a consignor.
 */
const DEMO_SHOP: Record<string, { email: string; commissionBp?: number; products: (Pick<Product, 'title' | 'description' | 'priceCents' | 'vatRateBp' | 'category'> & { stock: number })[] }[]> = {
  machinerie: [
    {
      email: 'lea@machinerie.example', commissionBp: 2500,
      products: [
        { title: "Boucles d'oreilles en laiton", description: 'Découpées au laser dans du laiton recyclé, crochets argent.', priceCents: 2400, vatRateBp: 2000, category: 'Bijoux', stock: 6 },
        { title: 'Carnet relié main A5', description: 'Couverture en lin, 96 pages de papier recyclé, reliure copte.', priceCents: 1500, vatRateBp: 2000, category: 'Papeterie', stock: 10 },
      ],
    },
    {
      email: 'sophie@machinerie.example',
      products: [
        { title: "Savon à l'argile verte", description: 'Saponifié à froid, 100 g, sans parfum.', priceCents: 650, vatRateBp: 2000, category: 'Soins', stock: 20 },
        { title: 'Tote bag sérigraphié', description: 'Coton bio, sérigraphie « La Machinerie » deux couleurs.', priceCents: 1800, vatRateBp: 2000, category: 'Textile', stock: 8 },
        { title: 'Zine « Amiens à vélo »', description: '32 pages, risographie, itinéraires et bonnes adresses.', priceCents: 800, vatRateBp: 550, category: 'Papeterie', stock: 15 },
      ],
    },
  ],
};

export async function seedShop(db: Db, slug: string, now: Date): Promise<void> {
  const demo = DEMO_SHOP[slug];
  const tenantId = await tenantsRepo(db).idBySlug(slug);
  if (!demo || !tenantId) return;
  const repo = shopRepo(db, tenantId);
  if ((await repo.load()).consignors.length > 0) return;
  const users = usersRepo(db, tenantRealm(tenantId));
  const startDate = now.toISOString().slice(0, 10);
  for (const c of demo) {
    const member = await users.getByEmail(c.email);
    if (!member) continue;
    await repo.saveConsignor(null, {
      memberId: member.id, name: member.name, commissionBp: c.commissionBp, startDate, payout: { method: 'transfer', accountName: member.name },
      createdAt: now.toISOString(), version: 1,
    });
    for (const p of c.products) {
      const product: Product = { ...p, id: newId(now.getTime()), stock: 0, consignorId: member.id, published: true, photos: [], createdAt: now.toISOString(), version: 1 };
      await repo.createProduct(product);
      const movement = { id: newId(now.getTime()), kind: 'deposit' as const, productId: product.id, title: product.title, quantity: p.stock, at: now.toISOString(), by: member.id, note: 'Dépôt initial (démo)' };
      await transact(db, [repo.giveStockOp(product.id, p.stock), repo.stockMovementOp(member.id, movement)], () => new Error('demo deposit failed'));
    }
  }
}
