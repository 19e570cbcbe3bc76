import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { Module } from '@lieu/core';
import type { KeyOf } from '../../app/messages';
import { BOOKABLE } from '../../app/site';

/**
 * The back office's pages, in the order of its navigation. One entry per page: main.tsx mounts the
 * route, StaffFrame draws the tab, whose words are in the back office's catalogue (never in a
 * visitor's first load). The first entry is where "Back office" leads.
 */
export interface StaffPage {
  path: string;
  /** The tab's words: a key of the `backOffice` catalogue (src/messages/<locale>/backOffice.json). */
  label: KeyOf<'backOffice'>;
  page: LazyExoticComponent<ComponentType>;
  /** Further paths served by the same page (a detail view), without a tab of their own. */
  subPaths?: string[];
  /** The module the page belongs to (a list: any of them); a space that does not run it has no such page. */
  module?: Module | readonly Module[];
  /** The heading the page is listed under in the back office's menu. */
  group: StaffGroup;
}

/** The back office's menu headings, in order; a heading none of whose pages the space has is not shown. */
export const STAFF_GROUPS = ['home', 'planning', 'members', 'shop', 'money', 'settings'] as const;
export type StaffGroup = (typeof STAFF_GROUPS)[number];

export const STAFF_PAGES: StaffPage[] = [
  { path: '/staff/dashboard', label: 'tab.dashboard', page: lazy(() => import('./dashboard')), group: 'home' },
  { path: '/staff/calendar', label: 'tab.calendar', page: lazy(() => import('./calendar')), module: BOOKABLE, group: 'planning' },
  { path: '/staff/members', label: 'tab.members', page: lazy(() => import('./members')), subPaths: ['/staff/members/:memberId'], group: 'members' },
  { path: '/staff/catalogue', label: 'tab.catalogue', page: lazy(() => import('./catalogue')), group: 'money' },
  { path: '/staff/events', label: 'tab.events', page: lazy(() => import('./events')), module: 'events', group: 'planning' },
  { path: '/staff/resources', label: 'tab.resources', page: lazy(() => import('./resources')), module: BOOKABLE, group: 'planning' },
  { path: '/staff/hours', label: 'tab.hours', page: lazy(() => import('./hours')), group: 'planning' },
  { path: '/staff/trainings', label: 'tab.trainings', page: lazy(() => import('./trainings')), module: 'machines', group: 'members' },
  { path: '/staff/onboarding', label: 'tab.onboarding', page: lazy(() => import('./onboarding')), group: 'home' },
  { path: '/staff/shop', label: 'tab.shop', page: lazy(() => import('./shop')), module: 'shop', group: 'shop' },
  { path: '/staff/till', label: 'tab.till', page: lazy(() => import('./till')), module: 'till', group: 'shop' },
  { path: '/staff/statements', label: 'tab.statements', page: lazy(() => import('./statements')), module: 'shop', group: 'shop' },
  { path: '/staff/settings', label: 'tab.settings', page: lazy(() => import('./settings')), group: 'settings' },
  { path: '/staff/audit', label: 'tab.audit', page: lazy(() => import('./audit')), group: 'settings' },
  { path: '/staff/exports', label: 'tab.exports', page: lazy(() => import('./exports')), group: 'money' },
];
