import type { Branding } from '@lieu/core';

/**
 * A space's colours become CSS variables on <html>. Tenants pick any colour, so the text drawn on
 * it (`--on-brand`) and the brand colour used as text on white (`--brand-ink`) are derived to keep a
 * WCAG AA contrast (4.5:1), whatever was picked.
 */
const channel = (hex: string, i: number) => parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16) / 255;
const linear = (c: number) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);

export function luminance(hex: string): number {
  return 0.2126 * linear(channel(hex, 0)) + 0.7152 * linear(channel(hex, 1)) + 0.0722 * linear(channel(hex, 2));
}

export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** Mixes a colour towards black by `amount` (0–1). */
function darken(hex: string, amount: number): string {
  const parts = [0, 1, 2].map((i) => Math.round(channel(hex, i) * (1 - amount) * 255));
  return `#${parts.map((p) => p.toString(16).padStart(2, '0')).join('')}`;
}

/** The darkest-needed shade of `hex` that reads on white at 4.5:1. */
export function inkOnWhite(hex: string): string {
  let shade = hex;
  for (let step = 1; contrast(shade, '#ffffff') < 4.5 && step <= 20; step++) shade = darken(hex, step * 0.05);
  return shade;
}

/** White or near-black text, whichever reads better on `hex`. */
export const textOn = (hex: string): string => (contrast(hex, '#ffffff') >= contrast(hex, '#111111') ? '#ffffff' : '#111111');

export function brandVariables(b: Pick<Branding, 'primaryColor' | 'accentColor'>): Record<string, string> {
  return {
    '--brand': b.primaryColor,
    '--on-brand': textOn(b.primaryColor),
    '--brand-ink': inkOnWhite(b.primaryColor),
    '--accent': b.accentColor,
    '--on-accent': textOn(b.accentColor),
    '--accent-ink': inkOnWhite(b.accentColor),
  };
}

export function applyBrand(b: Pick<Branding, 'primaryColor' | 'accentColor'>): void {
  const root = document.documentElement;
  for (const [k, v] of Object.entries(brandVariables(b))) root.style.setProperty(k, v);
  document.querySelector('meta[name="theme-color"]')?.setAttribute('content', b.primaryColor);
}
