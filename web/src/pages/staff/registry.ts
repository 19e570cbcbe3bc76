import { lazy, type ComponentType, type LazyExoticComponent } from 'react';

/**
 * The back office's pages, in the order of its navigation. One entry per page: main.tsx mounts the
 * route, StaffFrame draws the tab; a page keeps its own strings, so its label is written here in both
 * languages rather than in the first-load dictionary. The first entry is where "Back office" leads.
 */
export interface StaffPage {
  path: string;
  label: { fr: string; en: string };
  page: LazyExoticComponent<ComponentType>;
  /** Further paths served by the same page (a detail view), without a tab of their own. */
  subPaths?: string[];
}

export const STAFF_PAGES: StaffPage[] = [
  { path: '/staff/dashboard', label: { fr: 'Tableau de bord', en: 'Dashboard' }, page: lazy(() => import('./dashboard')) },
  { path: '/staff/calendar', label: { fr: 'Planning', en: 'Calendar' }, page: lazy(() => import('./calendar')) },
  { path: '/staff/members', label: { fr: 'Membres', en: 'Members' }, page: lazy(() => import('./members')), subPaths: ['/staff/members/:memberId'] },
  { path: '/staff/catalogue', label: { fr: 'Tarifs', en: 'Prices' }, page: lazy(() => import('./catalogue')) },
  { path: '/staff/events', label: { fr: 'Événements', en: 'Events' }, page: lazy(() => import('./events')) },
  { path: '/staff/resources', label: { fr: 'Ressources', en: 'Resources' }, page: lazy(() => import('./resources')) },
  { path: '/staff/hours', label: { fr: 'Horaires', en: 'Hours' }, page: lazy(() => import('./hours')) },
  { path: '/staff/trainings', label: { fr: 'Formations', en: 'Trainings' }, page: lazy(() => import('./trainings')) },
  { path: '/staff/onboarding', label: { fr: 'Démarrage', en: 'Getting started' }, page: lazy(() => import('./onboarding')) },
  { path: '/staff/shop', label: { fr: 'Boutique', en: 'Shop' }, page: lazy(() => import('./shop')) },
  { path: '/staff/till', label: { fr: 'Caisse', en: 'Till' }, page: lazy(() => import('./till')) },
  { path: '/staff/statements', label: { fr: 'Relevés', en: 'Statements' }, page: lazy(() => import('./statements')) },
  { path: '/staff/settings', label: { fr: 'Réglages', en: 'Settings' }, page: lazy(() => import('./settings')) },
  { path: '/staff/audit', label: { fr: 'Journal', en: 'Audit log' }, page: lazy(() => import('./audit')) },
  { path: '/staff/exports', label: { fr: 'Exports', en: 'Exports' }, page: lazy(() => import('./exports')) },
];
