import { useId, useState, type FormEvent } from 'react';
import { shop } from '@lieu/api';
import { keyOf, queryClient, useApiMutation, useApiQuery, type CallOutput } from '../../app/api';
import { Field, MoneyField, Notice, SelectField, useFormState, validate } from '../../app/forms';
import { Loading } from '../../ui/Layout';
import { centsInput, LOW_STOCK, parseEuros, ShopError, usePercent, useShopI18n, VAT_RATES_BP } from './shopCommon';
import { ProductPhotos } from './ProductPhotos';

type Product = CallOutput<typeof shop.manageProducts>['items'][number];

/** Every product with its stock (low and sold-out marked), and the form to add or edit one. */
export function ProductsSection() {
  const { t, fmt } = useShopI18n();
  const pct = usePercent();
  const list = useApiQuery(shop.manageProducts, { query: {} }, { staleTime: 0 });
  const consignors = useApiQuery(shop.listConsignors);
  const [editing, setEditing] = useState<Product | null>(null);
  const names = new Map((consignors.data?.items ?? []).map((c) => [c.memberId, c.name]));
  const items = [...(list.data?.items ?? [])].sort((a, b) => a.title.localeCompare(b.title, 'fr'));
  return (
    <>
      <section className="card" aria-labelledby="ss-products">
        <h2 id="ss-products">{t('ss.products')}</h2>
        <ShopError error={list.error ?? consignors.error} />
        {list.isPending ? <Loading /> : items.length === 0 ? <p>{t('ss.none')}</p> : (
          <div className="table-scroll">
            <table className="data ss-products">
              <thead>
                <tr>
                  <th scope="col">{t('ss.product')}</th><th scope="col">{t('ss.consignor')}</th><th scope="col">{t('ss.price')}</th>
                  <th scope="col">{t('ss.vat')}</th><th scope="col">{t('ss.stock')}</th><th scope="col">{t('ss.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((p) => (
                  <tr key={p.id} className={p.stock <= 0 ? 'sold-out' : p.stock <= LOW_STOCK ? 'low' : undefined}>
                    <th scope="row">{p.title}<span className="hint ss-cat">{p.category} · {p.published ? t('ss.publishedYes') : t('ss.publishedNo')}</span></th>
                    <td>{names.get(p.consignorId) ?? '—'}</td>
                    <td className="num">{fmt.money(p.priceCents)}</td>
                    <td className="num">{pct(p.vatRateBp)}</td>
                    <td className="num">
                      {p.stock}{' '}
                      {p.stock <= 0 ? <span className="status status-suspended">{t('ss.soldOut')}</span>
                        : p.stock <= LOW_STOCK ? <span className="status status-low">{t('ss.lowStock')}</span> : null}
                    </td>
                    <td>
                      <button type="button" className="button small" aria-label={t('ss.editName', { name: p.title })} onClick={() => setEditing(p)}>{t('ss.edit')}</button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {consignors.data && (
        <ProductForm key={editing ? `${editing.id}-${editing.version}` : 'new'} product={editing} onDone={() => setEditing(null)}
          consignors={consignors.data.items.map((c) => ({ id: c.memberId, name: c.name }))}
          categories={[...new Set(items.map((p) => p.category))].sort()} />
      )}
    </>
  );
}

const refreshProducts = () => {
  void queryClient.invalidateQueries({ queryKey: keyOf(shop.manageProducts).slice(0, 1) });
  void queryClient.invalidateQueries({ queryKey: keyOf(shop.catalogue).slice(0, 1) });
};

/** Adds a product (its stock then comes from deposits) or edits one at the version read. */
function ProductForm(props: { product: Product | null; consignors: { id: string; name: string }[]; categories: string[]; onDone(): void }) {
  const { t, locale } = useShopI18n();
  const pct = usePercent();
  const p = props.product;
  const empty = {
    title: p?.title ?? '', description: p?.description ?? '', price: p ? centsInput(p.priceCents, locale) : '', vatRateBp: String(p?.vatRateBp ?? 2000),
    category: p?.category ?? '', consignorId: p?.consignorId ?? props.consignors[0]?.id ?? '', published: p ? String(p.published) : 'true',
  };
  const form = useFormState(empty);
  // Photos save at once (ProductPhotos) and move the product's version on: the form saves at the latest one.
  const [version, setVersion] = useState(p?.version ?? 0);
  const descId = useId();
  const catListId = useId();
  const create = useApiMutation(shop.createProduct, () => { form.setValues(empty); refreshProducts(); });
  const update = useApiMutation(shop.updateProduct, () => { refreshProducts(); props.onDone(); });
  const busy = create.isPending || update.isPending;

  function submit(e: FormEvent) {
    e.preventDefault();
    const v = form.values;
    const body = {
      title: v.title, description: v.description, priceCents: parseEuros(v.price), vatRateBp: Number(v.vatRateBp),
      category: v.category, consignorId: v.consignorId, published: v.published === 'true',
    };
    const r = validate(p ? shop.updateProduct.body : shop.createProduct.body, p ? { ...body, version } : body, t, { priceCents: 'field.money' });
    form.setErrors(r.ok ? {} : Object.fromEntries(Object.entries(r.errors).map(([k, m]) => [k === 'priceCents' ? 'price' : k, m])));
    if (!r.ok) return;
    if (p) update.mutate({ params: { productId: p.id }, body: { ...body, version } });
    else create.mutate({ body });
  }

  if (props.consignors.length === 0) return <section className="card"><h2>{t('ss.newProduct')}</h2><p>{t('ss.noConsignor')}</p></section>;
  return (
    <section className="card" aria-labelledby="ss-product-form">
      <h2 id="ss-product-form">{p ? t('ss.editProduct', { title: p.title }) : t('ss.newProduct')}</h2>
      <form onSubmit={submit} noValidate>
        <div className="grid-3">
          <Field label={t('ss.productTitle')} required maxLength={120} {...form.bind('title')} />
          <MoneyField label={t('ss.priceInput')} required {...form.bind('price')} />
          <SelectField label={t('ss.vatRate')} {...form.bind('vatRateBp')}>
            {VAT_RATES_BP.map((bp) => <option key={bp} value={bp}>{pct(bp)}</option>)}
          </SelectField>
          <Field label={t('ss.category')} required maxLength={40} list={catListId} {...form.bind('category')} />
          <SelectField label={t('ss.consignor')} {...form.bind('consignorId')}>
            {props.consignors.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
          </SelectField>
        </div>
        <datalist id={catListId}>{props.categories.map((c) => <option key={c} value={c} />)}</datalist>
        <div className="field">
          <label htmlFor={descId}>{t('ss.description')} ({t('ss.optional')})</label>
          <textarea id={descId} rows={3} maxLength={4000} value={form.values.description}
            onChange={(e) => form.setValues((v) => ({ ...v, description: e.target.value }))} />
        </div>
        <label className="check">
          <input type="checkbox" checked={form.values.published === 'true'}
            onChange={(e) => form.setValues((v) => ({ ...v, published: String(e.target.checked) }))} /> {t('ss.publishOnline')}
        </label>
        {!p && <p className="hint">{t('ss.photosLater')}</p>}
        <ShopError error={create.error ?? update.error} />
        {create.isSuccess && !p && <Notice>{t('ss.created', { title: create.data.title })}</Notice>}
        <div className="actions">
          <button className="button primary" disabled={busy}>{p ? t('ss.save') : t('ss.create')}</button>
          {p && <button type="button" className="button" onClick={props.onDone}>{t('ss.cancelEdit')}</button>}
        </div>
      </form>
      {p && <ProductPhotos product={p} onChange={(saved) => setVersion(saved.version)} />}
    </section>
  );
}
