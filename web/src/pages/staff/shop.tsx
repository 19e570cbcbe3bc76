import { useState } from 'react';
import { PageTitle } from '../../ui/Layout';
import { RequireUser } from '../../ui/guards';
import { useShopI18n } from './shopCommon';
import { ConsignorsSection } from './shopConsignors';
import { OrdersSection } from './shopOrders';
import { ProductsSection } from './shopProducts';

const SECTIONS = ['products', 'consignors', 'orders'] as const;
type Section = (typeof SECTIONS)[number];

/** The back office's shop: products and stock, consignors (agreements, deposits, returns), orders. */
export default function StaffShopPage() {
  return (
    <RequireUser staff>
      <StaffShop />
    </RequireUser>
  );
}

function StaffShop() {
  const { t } = useShopI18n();
  // The section is kept in the address (?s=orders), so a reload or a shared link opens the same one.
  const [section, setSection] = useState<Section>(() => {
    const s = new URLSearchParams(location.search).get('s');
    return (SECTIONS as readonly string[]).includes(s ?? '') ? (s as Section) : 'products';
  });
  function open(s: Section) {
    setSection(s);
    history.replaceState(null, '', s === 'products' ? location.pathname : `${location.pathname}?s=${s}`);
  }
  return (
    <>
      <PageTitle>{t('ss.title')}</PageTitle>
      <div className="tabs" role="group" aria-label={t('ss.sections')}>
        {SECTIONS.map((s) => (
          <button key={s} type="button" className="button" aria-pressed={section === s} onClick={() => open(s)}>{t(`ss.tab.${s}`)}</button>
        ))}
      </div>
      {section === 'products' && <ProductsSection />}
      {section === 'consignors' && <ConsignorsSection />}
      {section === 'orders' && <OrdersSection />}
    </>
  );
}
