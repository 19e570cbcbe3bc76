import { useSyncExternalStore } from 'react';

/**
 * The shop's cart as the shell sees it: how many items, for the header's count. The cart itself
 * (pages/shop.tsx) lives on this device, per space; it tells the shell of each change with an event,
 * and another tab's change arrives through `storage`.
 */
const CHANGED = 'lieu:cart';

export const cartStorageKey = (slug: string) => `lieu.cart.${slug}`;

export function cartItems(slug: string): number {
  try {
    const saved = JSON.parse(localStorage.getItem(cartStorageKey(slug)) ?? '[]') as unknown;
    return Array.isArray(saved) ? saved.reduce((n: number, l: { quantity?: unknown }) => n + (typeof l.quantity === 'number' ? l.quantity : 0), 0) : 0;
  } catch {
    return 0;
  }
}

export function cartChanged(): void {
  window.dispatchEvent(new Event(CHANGED));
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener(CHANGED, onChange);
  window.addEventListener('storage', onChange);
  return () => {
    window.removeEventListener(CHANGED, onChange);
    window.removeEventListener('storage', onChange);
  };
}

/** The number of items in this space's cart (0 off a space). */
export function useCartItems(slug: string | null): number {
  return useSyncExternalStore(subscribe, () => (slug ? cartItems(slug) : 0));
}
